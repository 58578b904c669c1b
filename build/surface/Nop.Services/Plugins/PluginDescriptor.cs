namespace Nop.Services.Plugins;

// Only used as a property type by the plugin; nothing of it is read.
public partial class PluginDescriptor
{
}
