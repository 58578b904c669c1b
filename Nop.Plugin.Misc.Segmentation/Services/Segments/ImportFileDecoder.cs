using System.Text;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>
/// Reads an uploaded list as text whatever program wrote it: a byte-order mark decides (UTF-8, UTF-16, UTF-32);
/// without one the file is UTF-8 if it is valid UTF-8, else Latin-1 (what spreadsheets on Western systems save).
/// Line endings of every kind are read by the importer's line reader.
/// </summary>
public static class ImportFileDecoder
{
    /// <summary>Large enough for <see cref="StaticSegmentService.MaxImportLines"/> long e-mail addresses.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public static async Task<(string Text, string EncodingName)> DecodeAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return Decode(buffer.ToArray());
    }

    public static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        foreach (var encoding in new Encoding[] { new UTF32Encoding(false, true), new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true) })
        {
            var preamble = encoding.GetPreamble();
            if (preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble))
                return (encoding.GetString(bytes, preamble.Length, bytes.Length - preamble.Length), encoding.WebName.ToUpperInvariant() + " (BOM)");
        }

        try
        {
            return (new UTF8Encoding(false, true).GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.Latin1.GetString(bytes), "ISO-8859-1");
        }
    }
}
