using System.ComponentModel.DataAnnotations.Schema;
using System.Data;
using System.Reflection;
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Create.Table;
using FluentMigrator.Model;
using Nop.Core;
using Nop.Data.Mapping;
using Nop.Data.Mapping.Builders;

namespace Nop.Data.Extensions;

public static class FluentMigratorExtensions
{
    public static ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax ForeignKey<TPrimary>(this ICreateTableColumnOptionOrWithColumnSyntax column,
        string primaryTableName = null, string primaryColumnName = null, Rule onDelete = Rule.Cascade) where TPrimary : BaseEntity
    {
        return column.Indexed()
            .ForeignKey(primaryTableName ?? NameCompatibilityManager.GetTableName(typeof(TPrimary)), primaryColumnName ?? nameof(BaseEntity.Id))
            .OnDelete(onDelete);
    }

    public static void TableFor<TEntity>(this ICreateExpressionRoot expressionRoot) where TEntity : BaseEntity
    {
        var type = typeof(TEntity);
        var builder = (CreateTableExpressionBuilder)expressionRoot.Table(NameCompatibilityManager.GetTableName(type));
        builder.RetrieveTableExpressions(type);
    }

    public static void RetrieveTableExpressions(this CreateTableExpressionBuilder builder, Type type)
    {
        // the entity's own builder declares the special columns first; the rest is mapped by convention
        var entityBuilderType = type.Assembly.GetTypes().FirstOrDefault(t =>
            !t.IsAbstract && t.BaseType is { IsGenericType: true } baseType &&
            baseType.GetGenericTypeDefinition() == typeof(NopEntityBuilder<>) && baseType.GetGenericArguments()[0] == type);
        if (entityBuilderType != null)
            ((IEntityBuilder)Activator.CreateInstance(entityBuilderType)).MapEntity(builder);

        var tableName = NameCompatibilityManager.GetTableName(type);
        var expression = builder.Expression;
        if (!expression.Columns.Any(column => column.IsPrimaryKey))
        {
            var id = new ColumnDefinition
            {
                Name = nameof(BaseEntity.Id),
                Type = DbType.Int32,
                IsIdentity = true,
                IsPrimaryKey = true,
                TableName = tableName,
                ModificationType = ColumnModificationType.Create
            };
            expression.Columns.Insert(0, id);
            builder.CurrentColumn = id;
        }

        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.DeclaringType == typeof(BaseEntity) || !property.CanWrite || property.GetCustomAttribute<NotMappedAttribute>() != null)
                continue;

            var columnName = NameCompatibilityManager.GetColumnName(type, property.Name);
            if (expression.Columns.Any(column => column.Name.Equals(columnName, StringComparison.OrdinalIgnoreCase)))
                continue;

            var underlying = Nullable.GetUnderlyingType(property.PropertyType);
            var propertyType = underlying ?? property.PropertyType;
            var nullable = underlying != null || propertyType == typeof(string) || propertyType == typeof(byte[]);

            ICreateTableColumnOptionOrWithColumnSyntax column;
            if (propertyType == typeof(int))
                column = builder.WithColumn(columnName).AsInt32();
            else if (propertyType == typeof(long))
                column = builder.WithColumn(columnName).AsInt64();
            else if (propertyType == typeof(string))
                column = builder.WithColumn(columnName).AsString(int.MaxValue);
            else if (propertyType == typeof(bool))
                column = builder.WithColumn(columnName).AsBoolean();
            else if (propertyType == typeof(decimal))
                column = builder.WithColumn(columnName).AsDecimal(18, 4);
            else if (propertyType == typeof(DateTime))
            {
                column = builder.WithColumn(columnName).AsDateTime2();
                builder.CurrentColumn.Precision = 6;
            }
            else if (propertyType == typeof(byte[]))
                column = builder.WithColumn(columnName).AsBinary(int.MaxValue);
            else if (propertyType == typeof(Guid))
                column = builder.WithColumn(columnName).AsGuid();
            else
                continue; // enums and other types are not columns, as in nopCommerce

            if (nullable)
                column.Nullable();
            else
                column.NotNullable();
        }
    }
}
