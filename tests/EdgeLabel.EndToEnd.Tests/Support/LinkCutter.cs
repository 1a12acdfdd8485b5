using System.Diagnostics;
using System.Text;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>Cuts one edge node's Akka.Remote link for real, with iptables, on a machine where every node talks over
/// loopback. Rules on the edge's listening port alone do nothing (the edge dials the cloud from ephemeral ports, and
/// both directions share the associations), so the edge runs under a uid of its own and its connections are marked:
/// <list type="number">
/// <item>While the cutter lives: <c>mangle OUTPUT -p tcp -m owner --uid-owner U ! --sport HTTP -j CONNMARK --set-mark M</c>.
/// Every TCP connection the edge process sends on (dialled or accepted) carries mark M in conntrack, so the packets
/// of the other side (a cloud node, also local) match too. The edge's HTTP port is excluded: the test keeps polling
/// /status during a cut.</item>
/// <item><see cref="Cut"/>: <c>filter OUTPUT -m connmark --mark M -j DROP</c> plus DROP of everything to and from the
/// edge's Akka port (a cloud dialling in sends its SYN before the edge ever sends on that connection).</item>
/// <item><see cref="Restore"/> deletes the cut rules; <see cref="Dispose"/> deletes every rule of this cutter.</item>
/// </list>
/// Every rule carries the comment <c>edgelabel-test-&lt;test pid&gt;-&lt;guid&gt;</c>; <see cref="RemoveLeftovers"/> deletes
/// the rules of test processes that are gone (a run that was killed before it could dispose).
/// The edge must be started with <see cref="Prefix"/> in front of <c>dotnet ...</c> (setpriv to the cutter's uid), and
/// what it writes must be writable for that uid (<see cref="GrantAccess"/>). Needs root (CAP_NET_ADMIN, CAP_SETUID)
/// and iptables (<c>scripts/install-test-deps.sh</c> installs it).</summary>
internal sealed class LinkCutter : IDisposable
{
    private const string CommentPrefix = "edgelabel-test-";
    private static readonly Lazy<string?> Problem = new(Probe);
    private static int _nextUid = 61000 + Random.Shared.Next(0, 400) * 2;
    private readonly string _comment;
    private readonly List<string[]> _markRules = [];
    private readonly List<string[]> _cutRules = [];
    private readonly Action<string>? _log;
    private readonly object _gate = new();
    private bool _disposed;

    private LinkCutter(int uid, int akkaPort, int httpPort, Action<string>? log)
    {
        Uid = uid;
        Mark = uid;
        AkkaPort = akkaPort;
        HttpPort = httpPort;
        _log = log;
        _comment = $"{CommentPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
    }

    /// <summary>Null when iptables can cut links here, else why not (not root, iptables missing, no netfilter).</summary>
    public static string? Unavailable => Problem.Value;

    /// <summary>The uid (and gid) the edge must run as.</summary>
    public int Uid { get; }

    public int Mark { get; }

    public int AkkaPort { get; }

    public int HttpPort { get; }

    public bool IsCut { get; private set; }

    /// <summary>How many times <see cref="Cut"/> has cut the link.</summary>
    public int Cuts { get; private set; }

    /// <summary>The command line prefix that runs the edge under <see cref="Uid"/>: <c>setpriv --reuid=U --regid=U
    /// --clear-groups --</c>, then the usual <c>dotnet edgelabel-edge.dll ...</c>.</summary>
    public IReadOnlyList<string> Prefix => ["setpriv", $"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", "--"];

    /// <summary>Environment for the edge process: HOME points to a folder that uid can write (/root is 0700).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string home) => new Dictionary<string, string>
    {
        ["HOME"] = home,
        ["DOTNET_CLI_HOME"] = home,
        ["TMPDIR"] = "/tmp",
    };

    /// <summary>Creates a cutter for an edge whose Akka.Remote port is <paramref name="akkaPort"/> and HTTP port
    /// <paramref name="httpPort"/>, and installs the marking rule at once (before the edge starts, so every connection
    /// of it is marked from its first packet). Fails the test when iptables cannot be used.</summary>
    public static LinkCutter Create(int akkaPort, int httpPort, Action<string>? log = null)
    {
        if (Unavailable is { } why) Assert.Fail($"iptables link cutting is unavailable here: {why}");
        RemoveLeftovers(log);
        var cutter = new LinkCutter(Interlocked.Add(ref _nextUid, 2), akkaPort, httpPort, log);
        try
        {
            cutter.Add(cutter._markRules, "mangle", "-A", "OUTPUT", "-p", "tcp", "-m", "owner", "--uid-owner", cutter.Uid.ToString(),
                "!", "--sport", httpPort.ToString(), "-j", "CONNMARK", "--set-mark", cutter.Mark.ToString());
        }
        catch
        {
            cutter.Dispose();
            throw;
        }
        cutter._log?.Invoke($"link cutter {cutter._comment}: edge uid {cutter.Uid}, akka port {akkaPort}, http port {httpPort} (not cut)");
        return cutter;
    }

    /// <summary>Makes a harness node (<see cref="ClusterMember"/>, not started yet) run under this cutter's uid without
    /// changing the harness: its folder is handed to the uid, its environment names the uid (<see cref="UidVariable"/>)
    /// and a HOME it can write, and <see cref="UidLauncher"/> puts a <c>dotnet</c> wrapper in front of every node process
    /// (only those with the variable change uid).</summary>
    public void Isolate(ClusterMember member)
    {
        if (member.IsRunning) throw new InvalidOperationException($"{member.Name} already runs: isolate it before it starts");
        GrantAccess(member.Directory);
        member.Environment[UidVariable] = Uid.ToString();
        foreach (var (name, value) in EnvironmentFor(member.Directory)) member.Environment[name] = value;
        _launcher ??= UidLauncher.Acquire();
    }

    /// <summary>The variable the <see cref="UidLauncher"/> wrapper reads (not EDGELABEL_*: the nodes read those).</summary>
    public const string UidVariable = "LINKCUTTER_UID";

    private UidLauncher.Lease? _launcher;

    /// <summary>Hands <paramref name="paths"/> (folders recursively) to the cutter's uid: the edge's data folder, its
    /// config file, its working folder.</summary>
    public void GrantAccess(params string[] paths)
    {
        foreach (var path in paths)
        {
            Run("chown", "-R", $"{Uid}:{Uid}", path);
            // Parents must at least be traversable (TempDir folders are 0755 already; this is for odd umasks).
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(dir) && dir != "/"; dir = Path.GetDirectoryName(dir))
            {
                if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("link cutting needs Linux (iptables, setpriv)");
                var mode = File.GetUnixFileMode(dir);
                if ((mode & UnixFileMode.OtherExecute) == 0)
                    throw new InvalidOperationException($"{dir} is not traversable for uid {Uid} (mode {mode}); the edge could not reach {path}");
            }
        }
    }

    /// <summary>Drops every packet of the edge's marked connections and everything to or from its Akka port.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            if (IsCut || _disposed) return;
            Add(_cutRules, "filter", "-I", "OUTPUT", "-m", "connmark", "--mark", Mark.ToString(), "-j", "DROP");
            Add(_cutRules, "filter", "-I", "OUTPUT", "-p", "tcp", "--dport", AkkaPort.ToString(), "-j", "DROP");
            Add(_cutRules, "filter", "-I", "OUTPUT", "-p", "tcp", "--sport", AkkaPort.ToString(), "-j", "DROP");
            IsCut = true;
            Cuts++;
        }
    }

    /// <summary>A partial cut: drops only the edge's own connections to <paramref name="remotePort"/> (one cloud node's
    /// Akka port), both directions. The connections that node dialled to the edge stay open, but Akka sends each
    /// direction of an association over its sender's connection, so the edge's heartbeats and replies to that node are
    /// lost and the two see each other unreachable while both still reach everyone else.</summary>
    public void CutTo(int remotePort)
    {
        lock (_gate)
        {
            if (IsCut || _disposed) return;
            Add(_cutRules, "filter", "-I", "OUTPUT", "-m", "connmark", "--mark", Mark.ToString(), "-p", "tcp", "--dport", remotePort.ToString(), "-j", "DROP");
            Add(_cutRules, "filter", "-I", "OUTPUT", "-m", "connmark", "--mark", Mark.ToString(), "-p", "tcp", "--sport", remotePort.ToString(), "-j", "DROP");
            IsCut = true;
            Cuts++;
        }
    }

    /// <summary>Deletes the cut rules (the marking stays, so the link can be cut again).</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (!IsCut) return;
            DeleteAll(_cutRules);
            IsCut = false;
        }
    }

    /// <summary>Cuts and restores the link alternately until <paramref name="duration"/> has passed, with cut and open
    /// phases taken in turn from the lists; ends with the link open. Returns the number of cuts.</summary>
    public async Task<int> FlapAsync(TimeSpan duration, IReadOnlyList<TimeSpan> cutFor, IReadOnlyList<TimeSpan> openFor, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var n = 0;
        try
        {
            while (clock.Elapsed < duration)
            {
                Cut();
                await Task.Delay(cutFor[n % cutFor.Count], ct);
                Restore();
                if (clock.Elapsed >= duration) break;
                await Task.Delay(openFor[n % openFor.Count], ct);
                n++;
            }
        }
        finally
        {
            Restore();
        }
        return n + 1;
    }

    /// <summary>The rules of this cutter as iptables prints them (for logs).</summary>
    public string Rules()
    {
        var text = new StringBuilder();
        foreach (var table in new[] { "mangle", "filter" })
            foreach (var line in Run("iptables", "-w", "-t", table, "-S", "OUTPUT").Split('\n'))
                if (line.Contains(_comment, StringComparison.Ordinal)) text.AppendLine($"{table}: {line}");
        return text.ToString();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            var failures = new List<string>();
            foreach (var rules in new[] { _cutRules, _markRules })
                try
                {
                    DeleteAll(rules);
                }
                catch (Exception e)
                {
                    failures.Add(e.Message);
                }
            IsCut = false;
            _launcher?.Dispose();
            _launcher = null;
            // Belt and braces: whatever still carries our comment (a rule added twice, a failed delete).
            RemoveMatching(line => line.Contains(_comment, StringComparison.Ordinal), _log);
            if (failures.Count > 0) _log?.Invoke("link cutter cleanup: " + string.Join("; ", failures));
        }
    }

    /// <summary>Deletes the rules of test processes that no longer run (comment edgelabel-test-&lt;pid&gt;-...).</summary>
    public static void RemoveLeftovers(Action<string>? log = null)
    {
        if (Unavailable is not null) return;
        RemoveMatching(line =>
        {
            var at = line.IndexOf(CommentPrefix, StringComparison.Ordinal);
            if (at < 0) return false;
            var rest = line[(at + CommentPrefix.Length)..];
            var dash = rest.IndexOf('-');
            return dash > 0 && int.TryParse(rest[..dash], out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");
        }, log);
    }

    private static void RemoveMatching(Func<string, bool> match, Action<string>? log)
    {
        foreach (var table in new[] { "filter", "mangle" })
        {
            string listing;
            try
            {
                listing = Run("iptables", "-w", "-t", table, "-S");
            }
            catch (Exception e)
            {
                log?.Invoke($"link cutter: cannot list {table}: {e.Message}");
                continue;
            }
            foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!line.StartsWith("-A ", StringComparison.Ordinal) || !match(line)) continue;
                // -S prints "-A CHAIN ..." with the comment unquoted (ours has no spaces); "-D" takes the same spec.
                var args = new List<string> { "-w", "-t", table, "-D" };
                args.AddRange(line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                try
                {
                    Run("iptables", [.. args]);
                    log?.Invoke($"link cutter: removed leftover rule ({table}) {line}");
                }
                catch (Exception e)
                {
                    log?.Invoke($"link cutter: could not remove ({table}) {line}: {e.Message}");
                }
            }
        }
    }

    private void Add(List<string[]> into, string table, string op, string chain, params string[] spec)
    {
        var rule = spec.Concat(["-m", "comment", "--comment", _comment]).ToArray();
        Run("iptables", ["-w", "-t", table, op, chain, .. rule]);
        into.Add([table, chain, .. rule]);
    }

    private static void DeleteAll(List<string[]> rules)
    {
        var failures = new List<string>();
        // Newest first; each rule exactly once (deleting by specification removes one instance).
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            var r = rules[i];
            try
            {
                Run("iptables", ["-w", "-t", r[0], "-D", r[1], .. r[2..]]);
            }
            catch (Exception e)
            {
                failures.Add(e.Message);
            }
        }
        rules.Clear();
        if (failures.Count > 0) throw new InvalidOperationException(string.Join("; ", failures));
    }

    private static string? Probe()
    {
        try
        {
            if (Environment.UserName != "root" && !string.Equals(Run("id", "-u").Trim(), "0", StringComparison.Ordinal))
                return "the tests do not run as root (iptables and setpriv --reuid need CAP_NET_ADMIN and CAP_SETUID)";
            Run("iptables", "-w", "-t", "mangle", "-L", "OUTPUT", "-n");
            Run("iptables", "-w", "-t", "filter", "-L", "OUTPUT", "-n");
            Run("setpriv", "--version");
            return null;
        }
        catch (Exception e)
        {
            return e.Message + " (install iptables: scripts/install-test-deps.sh)";
        }
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} hung");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Trim()}");
        return stdout.Result;
    }
}

/// <summary>Runs node processes under another uid without touching the harness: <see cref="NodeProcess"/> starts
/// <c>$DOTNET_HOST_PATH &lt;dll&gt; ...</c>, so while a lease is held that variable points to a small wrapper script that
/// execs <c>setpriv --reuid=U --regid=U --clear-groups -- &lt;real dotnet&gt;</c> when the child's environment has
/// <see cref="LinkCutter.UidVariable"/>, else the real dotnet (cloud nodes stay root). exec keeps the pid, so killing
/// the process (tree) works as before. The variable is restored when the last lease ends.</summary>
internal static class UidLauncher
{
    private const string HostVariable = "DOTNET_HOST_PATH";
    private static readonly object Gate = new();
    private static int _leases;
    private static string? _previous;
    private static string? _script;

    public static Lease Acquire()
    {
        lock (Gate)
        {
            if (_leases++ == 0)
            {
                _previous = Environment.GetEnvironmentVariable(HostVariable);
                var real = RealDotnet(_previous);
                var dir = Path.Combine(Path.GetTempPath(), $"edgelabel-linkcutter-{Environment.ProcessId}");
                Directory.CreateDirectory(dir);
                _script = Path.Combine(dir, "dotnet");
                File.WriteAllText(_script,
                    "#!/bin/sh\n" +
                    "# dotnet for the link-loss tests (tests/EdgeLabel.EndToEnd.Tests/Support/LinkCutter.cs)\n" +
                    $"if [ -n \"${LinkCutter.UidVariable}\" ]; then\n" +
                    $"  exec setpriv --reuid=\"${LinkCutter.UidVariable}\" --regid=\"${LinkCutter.UidVariable}\" --clear-groups -- '{real}' \"$@\"\n" +
                    "fi\n" +
                    $"exec '{real}' \"$@\"\n");
                if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("link cutting needs Linux (iptables, setpriv)");
                File.SetUnixFileMode(_script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                              UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                Environment.SetEnvironmentVariable(HostVariable, _script);
            }
            return new Lease();
        }
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--_leases > 0) return;
            Environment.SetEnvironmentVariable(HostVariable, _previous);
            try
            {
                if (_script is not null) Directory.Delete(Path.GetDirectoryName(_script)!, recursive: true);
            }
            catch (IOException)
            {
            }
            _script = null;
        }
    }

    private static string RealDotnet(string? hostPath)
    {
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return Path.GetFullPath(hostPath);
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "dotnet"))) return new FileInfo(Path.Combine(dir, "dotnet")).ResolveLinkTarget(true)?.FullName ?? Path.Combine(dir, "dotnet");
        throw new InvalidOperationException("no dotnet host found (DOTNET_HOST_PATH, DOTNET_ROOT, PATH)");
    }

    internal sealed class Lease : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
        }
    }
}
