global using NUnit.Framework;
global using Nop.Plugin.Misc.Segmentation.EndToEnd;
