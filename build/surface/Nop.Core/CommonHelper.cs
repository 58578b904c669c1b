namespace Nop.Core;

public partial class CommonHelper
{
    // a space before every capital after the first, as the platform does
    public static string SplitCamelCaseWord(string str) =>
        string.IsNullOrEmpty(str) ? string.Empty : string.Concat(str.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));
}
