using System.Reflection;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>Decides whether a recomputed profile differs from the stored one, so unchanged rows are not rewritten.</summary>
public static class ProfileComparer
{
    private static readonly PropertyInfo[] _values = typeof(CustomerProfile).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name is not nameof(CustomerProfile.Id) and not nameof(CustomerProfile.ComputedOnUtc)
            && p.GetCustomAttribute<System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute>() == null)
        .ToArray();

    public static bool SameValues(CustomerProfile stored, CustomerProfile computed)
    {
        foreach (var property in _values)
        {
            var a = property.GetValue(stored);
            var b = property.GetValue(computed);
            // the database may hand back a different DateTime kind or trailing decimal zeros
            if (a is DateTime x && b is DateTime y ? x.Ticks != y.Ticks : a is decimal m && b is decimal n ? m != n : !Equals(a, b))
                return false;
        }

        return true;
    }
}
