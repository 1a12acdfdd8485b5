namespace EdgeLabel.NodeProcesses;

/// <summary>The pids of the nodes a demo run started (<c>out/demo/pids</c>). A run killed outright (SIGKILL, power off
/// the terminal) cannot stop its nodes; the next run finds them here and stops them before it deletes their state.
/// A pid counts as ours only while its command line still names our config folder (pids are reused).</summary>
public sealed class PidFile(string path, string configDirectory)
{
    public void Record(IEnumerable<NodeProcess> nodes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, nodes.Select(n => $"{n.Pid} {n.Name}"));
    }

    public void Clear() => File.Delete(path);

    /// <summary>Kills the nodes of a previous run that are still alive; returns what it killed ("north (pid 123)").</summary>
    public IReadOnlyList<string> KillLeftovers()
    {
        if (!File.Exists(path)) return [];
        var killed = new List<string>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', 2);
            if (!int.TryParse(parts[0], out var pid) || !IsOurs(pid)) continue;
            _ = NodeProcess.SendSignal(pid, 9);
            for (var i = 0; i < 50 && Directory.Exists($"/proc/{pid}"); i++) Thread.Sleep(100);
            killed.Add($"{(parts.Length > 1 ? parts[1] : "node")} (pid {pid})");
        }
        File.Delete(path);
        return killed;
    }

    private bool IsOurs(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(configDirectory, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone
        }
    }
}
