using Nop.Plugin.Misc.Segmentation.Services;

namespace Nop.Plugin.Misc.Segmentation.Infrastructure;

/// <summary>
/// The plugin's locale resources: one file per language under Localization/ beside the plugin assembly, in the format
/// nopCommerce exports and imports language packs in (Configuration > Languages > Import resources), so a translator
/// edits a file and an owner can import it again. English goes into every language, then the Russian and Chinese
/// files into the languages of those cultures. Every key exists in all three; a test holds that.
/// </summary>
public static class SegmentationLocales
{
    private const string P = SegmentationDefaults.ResourcePrefix;

    public const string PermissionResource = "Security.Permission." + SegmentationPermissionConfigManager.MANAGE_SEGMENTS;

    /// <summary>The reminder template's description in the template list (nopCommerce's key for it).</summary>
    public const string TemplateDescriptionResource = "Admin.ContentManagement.MessageTemplates.Description." + SegmentationDefaults.CartReminderTemplateName;

    /// <summary>Prefixes removed on uninstall; everything above lives under one of them.</summary>
    public static readonly string[] Prefixes = [P, PermissionResource, "Enums.Nop.Plugin.Misc.Segmentation.", TemplateDescriptionResource];

    /// <summary>The culture every language gets first, so a key missing from a translation still reads in English.</summary>
    public const string DefaultCulture = "en";

    /// <summary>Where the resource files are: nopCommerce loads the plugin assembly from the plugin's own folder.</summary>
    public static string Folder => Path.Combine(Path.GetDirectoryName(typeof(SegmentationLocales).Assembly.Location)!, "Localization");

    /// <summary>The file of a culture's first part ("ru" for ru-RU), whether or not there is one.</summary>
    public static string FileOf(string culture) => Path.Combine(Folder, culture.ToLowerInvariant() + ".nopres.xml");

    /// <summary>The translation for a language culture ("ru-RU" → the ru file), or null for English and untranslated cultures.</summary>
    public static string TranslationOf(string languageCulture)
    {
        var culture = languageCulture?.Split('-')[0];
        if (string.IsNullOrEmpty(culture) || !culture.All(char.IsAsciiLetter) || culture.Equals(DefaultCulture, StringComparison.OrdinalIgnoreCase))
            return null;
        var file = FileOf(culture);
        return File.Exists(file) ? file : null;
    }
}
