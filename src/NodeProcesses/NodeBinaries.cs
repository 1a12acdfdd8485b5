using System.Reflection;

namespace EdgeLabel.NodeProcesses;

/// <summary>Where the node binaries are and which <c>dotnet</c> runs them. The programs that start nodes reference both
/// node projects only for build order (ReferenceOutputAssembly=false), so each node keeps its own output folder with
/// its deps.json and shipped hocon/: a copy next to the program (a publish layout), else the repository's build output
/// <c>src/&lt;Project&gt;/bin/&lt;Configuration&gt;/&lt;TFM&gt;/&lt;RID&gt;/</c> of this build's configuration.</summary>
public sealed record NodeBinaries(string DotnetHost, string EdgeDll, string CloudDll)
{
    public static NodeBinaries Locate()
    {
        var edge = Find("EdgeNode", "edgelabel-edge.dll");
        var cloud = Find("CloudNode", "edgelabel-cloud.dll");
        return new NodeBinaries(DotnetHostPath(), edge, cloud);
    }

    private static string Find(string project, string dll)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, dll);
        if (File.Exists(beside) && Directory.Exists(Path.Combine(AppContext.BaseDirectory, "hocon"))) return beside;

        var layout = typeof(NodeBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NodeOutputLayout")?.Value ?? "bin/Release/net10.0/linux-x64";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", project, layout, dll);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{dll} not found next to {Path.GetFileName(Environment.ProcessPath ?? "this program")} nor under src/{project}/{layout}/ (build it: dotnet build EdgeLabel.sln -c Release)");
    }

    // The muxer that runs this program, else the one the SDK names (DOTNET_HOST_PATH), else dotnet on PATH.
    private static string DotnetHostPath()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
