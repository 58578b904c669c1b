using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

// usage: FacadeTool <source.dll> <destination.dll> <version> [referenced assembly name ...]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: FacadeTool <source.dll> <destination.dll> <version> [referenced assembly name ...]");
    return 2;
}

var (source, destination, version) = (args[0], args[1], Version.Parse(args[2]));
var referenceNames = args.Skip(3).ToHashSet(StringComparer.Ordinal);
var bytes = File.ReadAllBytes(source);

using (var pe = new PEReader(new MemoryStream(bytes)))
{
    var metadata = pe.GetMetadataReader();
    var metadataStart = pe.PEHeaders.MetadataStartOffset;

    // Version parts are four little-endian UInt16 in both the Assembly row (after the 4-byte HashAlgId)
    // and at the start of each AssemblyRef row (ECMA-335 II.22.2 and II.22.5), so the rewrite is in place.
    void WriteVersion(int offset)
    {
        foreach (var part in new[] { version.Major, version.Minor, version.Build, version.Revision })
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(offset, 2), (ushort)part);
            offset += 2;
        }
    }

    WriteVersion(metadataStart + metadata.GetTableMetadataOffset(TableIndex.Assembly) + 4);

    var referenceTable = metadataStart + metadata.GetTableMetadataOffset(TableIndex.AssemblyRef);
    var referenceRowSize = metadata.GetTableRowSize(TableIndex.AssemblyRef);
    foreach (var handle in metadata.AssemblyReferences)
    {
        if (referenceNames.Contains(metadata.GetString(metadata.GetAssemblyReference(handle).Name)))
            WriteVersion(referenceTable + (MetadataTokens.GetRowNumber(handle) - 1) * referenceRowSize);
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
File.WriteAllBytes(destination, bytes);
return 0;
