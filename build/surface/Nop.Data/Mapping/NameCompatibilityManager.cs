using System.Collections.Concurrent;
using System.Reflection;

namespace Nop.Data.Mapping;

public static partial class NameCompatibilityManager
{
    private static readonly ConcurrentDictionary<Assembly, INameCompatibility[]> _byAssembly = new();

    // nopCommerce finds every INameCompatibility through its type finder; the entity's own assembly is enough here.
    private static IEnumerable<INameCompatibility> For(Type type)
    {
        return _byAssembly.GetOrAdd(type.Assembly, assembly => assembly.GetTypes()
            .Where(t => typeof(INameCompatibility).IsAssignableFrom(t) && t.IsClass && !t.IsAbstract)
            .Select(t => (INameCompatibility)Activator.CreateInstance(t))
            .ToArray());
    }

    public static string GetTableName(Type type)
    {
        foreach (var compatibility in For(type))
            if (compatibility.TableNames.TryGetValue(type, out var name))
                return name;

        return type.Name;
    }

    public static string GetColumnName(Type type, string propertyName)
    {
        foreach (var compatibility in For(type))
            if (compatibility.ColumnName.TryGetValue((type, propertyName), out var name))
                return name;

        return propertyName;
    }
}
