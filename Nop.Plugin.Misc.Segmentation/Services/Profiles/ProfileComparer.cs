using System.Linq.Expressions;
using System.Reflection;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>Decides whether a recomputed profile differs from the stored one, so unchanged rows are not rewritten.</summary>
public static class ProfileComparer
{
    /// <summary>
    /// Every stored value but the id and the computation time, found once by reflection (so a new column is never
    /// forgotten) and compiled, because the rebuild compares every profile of the store.
    /// </summary>
    private static readonly Func<CustomerProfile, CustomerProfile, bool> _sameValues = Compile();

    public static bool SameValues(CustomerProfile stored, CustomerProfile computed) => _sameValues(stored, computed);

    private static Func<CustomerProfile, CustomerProfile, bool> Compile()
    {
        var stored = Expression.Parameter(typeof(CustomerProfile), "stored");
        var computed = Expression.Parameter(typeof(CustomerProfile), "computed");
        var properties = typeof(CustomerProfile).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name is not nameof(CustomerProfile.Id) and not nameof(CustomerProfile.ComputedOnUtc)
                && p.GetCustomAttribute<System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute>() == null);

        Expression all = Expression.Constant(true);
        foreach (var property in properties)
            all = Expression.AndAlso(all, Same(Expression.Property(stored, property), Expression.Property(computed, property)));

        return Expression.Lambda<Func<CustomerProfile, CustomerProfile, bool>>(all, stored, computed).Compile();
    }

    /// <summary>The database may hand back a different DateTime kind or trailing decimal zeros: dates compare by ticks, decimals by value.</summary>
    private static Expression Same(Expression a, Expression b)
    {
        var type = Nullable.GetUnderlyingType(a.Type) ?? a.Type;
        if (type == typeof(DateTime))
        {
            if (a.Type == type)
                return Expression.Equal(Expression.Property(a, nameof(DateTime.Ticks)), Expression.Property(b, nameof(DateTime.Ticks)));

            // both empty, or both set to the same instant
            Expression Ticks(Expression x) => Expression.Property(Expression.Property(x, "Value"), nameof(DateTime.Ticks));
            Expression HasValue(Expression x) => Expression.Property(x, "HasValue");
            return Expression.Condition(HasValue(a),
                Expression.AndAlso(HasValue(b), Expression.Equal(Ticks(a), Ticks(b))),
                Expression.Not(HasValue(b)));
        }

        // decimal's == ignores scale; enums, numbers and strings compare by value, nullable ones lifted
        return Expression.Equal(a, b);
    }
}
