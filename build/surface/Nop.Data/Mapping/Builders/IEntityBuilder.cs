using FluentMigrator.Builders.Create.Table;

namespace Nop.Data.Mapping.Builders;

public partial interface IEntityBuilder
{
    void MapEntity(CreateTableExpressionBuilder table);
}
