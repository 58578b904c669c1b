namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The verdict on every line of an imported file, shown on the segment's page.</summary>
public record ImportReportModel
{
    public string FileName { get; set; }

    public string Encoding { get; set; }

    public bool Succeeded { get; set; }

    public int Added { get; set; }

    public string Summary { get; set; }

    public IList<ImportLineModel> Lines { get; set; } = [];
}

public record ImportLineModel(int Line, string Value, int? CustomerId, string Error);
