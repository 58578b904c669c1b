using System.Globalization;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>
/// Writes members as CSV (RFC 4180, invariant numbers and ISO dates in UTC) row by row as they are read, so an
/// export of any size costs one row of memory and starts arriving at once.
/// </summary>
public static class MemberCsvWriter
{
    public static readonly string[] Columns =
    [
        "CustomerId", "Email", "Name", "Orders", "Spent", "LastOrderUtc", "Recency", "Frequency", "Monetary", "RfmGroup", "Lifecycle",
        "Churn", "PredictedValue", "MemberSinceUtc"
    ];

    public static async Task<int> WriteAsync(IAsyncEnumerable<SegmentMemberRow> rows, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync(string.Join(",", Columns));
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var name = string.Join(" ", new[] { row.FirstName, row.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            await writer.WriteLineAsync(string.Join(",",
                row.CustomerId.ToString(CultureInfo.InvariantCulture), Field(row.Email), Field(name),
                row.Orders.ToString(CultureInfo.InvariantCulture), row.Spent.ToString(CultureInfo.InvariantCulture),
                Date(row.LastOrderUtc), row.Recency.ToString(CultureInfo.InvariantCulture), row.Frequency.ToString(CultureInfo.InvariantCulture),
                row.Monetary.ToString(CultureInfo.InvariantCulture), ((RfmGroup)row.RfmGroupId).ToString(), ((LifecycleStage)row.LifecycleStageId).ToString(),
                row.Churn.ToString(CultureInfo.InvariantCulture), row.PredictedValue.ToString(CultureInfo.InvariantCulture), Date(row.MemberSinceUtc)));
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static string Date(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Quoted where CSV needs it; a leading = + - @ is defused, since spreadsheets run such cells as formulas.</summary>
    public static string Field(string value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
