using System.Globalization;
using FluentMigrator;

namespace Nop.Data.Migrations;

public partial class NopMigrationAttribute : MigrationAttribute
{
    private static readonly string[] _formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy.MM.dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss:fffffff", "yyyy.MM.dd HH:mm:ss:fffffff", "yyyy/MM/dd HH:mm:ss:fffffff"
    ];

    private readonly MigrationProcessType _target;

    public NopMigrationAttribute(string dateTime, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
        : this(dateTime, null, targetMigrationProcess)
    {
    }

    public NopMigrationAttribute(string dateTime, string description, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
        : base(ToVersion(dateTime), description)
    {
        _target = targetMigrationProcess;
    }

    // The version is the ticks of the date, which is why it must be unique across every assembly of the store.
    private static long ToVersion(string dateTime)
    {
        return DateTime.ParseExact(dateTime, _formats, CultureInfo.InvariantCulture, DateTimeStyles.None).Ticks;
    }

    public virtual MigrationProcessType TargetMigrationProcess => _target;
}
