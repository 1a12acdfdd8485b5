using System.Security.Cryptography;
using System.Text.Json;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Serialization;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Rollout;

/// <summary>What a site runs by rollout, kept in <c>&lt;data-dir&gt;/models/active.json</c> so a restart comes back on
/// it rather than on the configured model. Null parts = the configured model / thresholds.</summary>
public sealed record InstalledAssignment(ModelRelease? Model, ThresholdsAssignment? Thresholds)
{
    public static InstalledAssignment None { get; } = new(null, null);
}

/// <summary>A site's model files: <c>&lt;version&gt;.onnx</c> once verified, <c>&lt;version&gt;.onnx.partial</c> while
/// downloading (a resumed download continues from its length), and the active assignment.</summary>
public sealed class SiteModels(string directory)
{
    public string Directory { get; } = directory;

    public string ActivePath => Path.Combine(Directory, "active.json");

    /// <summary>The verified file of a version (versions are validated names: no separators, no traversal).</summary>
    public string FileOf(string version) =>
        RolloutState.IsValidVersion(version) ? Path.Combine(Directory, version + ".onnx") : throw new ArgumentException($"invalid model version '{version}'", nameof(version));

    public string PartialOf(string version) => FileOf(version) + ".partial";

    public InstalledAssignment LoadActive()
    {
        if (!File.Exists(ActivePath)) return InstalledAssignment.None;
        try
        {
            return JsonSerializer.Deserialize<InstalledAssignment>(File.ReadAllBytes(ActivePath), EdgeLabelSerializer.JsonOptions) ?? InstalledAssignment.None;
        }
        catch (JsonException)
        {
            return InstalledAssignment.None; // written by rename, so never half; unreadable = start on the configured model
        }
    }

    /// <summary>Writes the assignment durably: temp file, fsync, rename over the old one.</summary>
    public void SaveActive(InstalledAssignment assignment)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = ActivePath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, assignment, EdgeLabelSerializer.JsonOptions);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, ActivePath, overwrite: true);
    }

    /// <summary>The model settings to start with: the configured model, unless a rollout installed another whose file
    /// is still here with the published hash.</summary>
    public ModelSettings StartupModel(ModelSettings configured, InstalledAssignment active)
    {
        if (active.Model is not { } release) return configured;
        var path = FileOf(release.Version);
        return File.Exists(path) && string.Equals(Sha256Of(path), release.Sha256, StringComparison.OrdinalIgnoreCase)
            ? SettingsFor(configured, release, path)
            : configured;
    }

    /// <summary>The router policy with the rolled-out default thresholds (per-class ones, empty-image handling and the
    /// audit share stay as configured), or the configured policy when none were rolled out.</summary>
    public static Routing.RoutingPolicy PolicyFor(Routing.RoutingPolicy configured, ThresholdsAssignment? thresholds) =>
        thresholds is null ? configured : configured with { Default = new Routing.ClassThresholds(thresholds.Accept, thresholds.Reject) };

    /// <summary>The configured model's runtime settings (threads, limits) with the release's file, name and adapter.</summary>
    public static ModelSettings SettingsFor(ModelSettings configured, ModelRelease release, string path) =>
        configured with { Id = release.ModelId, Path = path, Version = release.Version, Adapter = release.Adapter ?? configured.Adapter, ClassNames = release.ClassNames };

    /// <summary>Downloads the release into its partial file, resuming from what is there, verifies the sha256 and only
    /// then renames it to the version's file. A mismatch deletes the partial file and throws
    /// <see cref="ModelRefusedException"/>: those bytes are never loaded.</summary>
    public async Task<string> DownloadAsync(IObjectStore store, ModelRelease release, CancellationToken ct = default)
    {
        var target = FileOf(release.Version);
        if (File.Exists(target) && string.Equals(Sha256Of(target), release.Sha256, StringComparison.OrdinalIgnoreCase)) return target;
        System.IO.Directory.CreateDirectory(Directory);
        var partial = PartialOf(release.Version);
        var uri = ObjectUri.Parse(release.Uri);
        long offset;
        await using (var file = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            offset = file.Length;
            if (offset < release.SizeBytes)
            {
                await using var content = await store.GetAsync(uri, offset, ct).ConfigureAwait(false);
                await content.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            await file.FlushAsync(ct).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        var sha = Sha256Of(partial);
        if (!string.Equals(sha, release.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            var size = new FileInfo(partial).Length;
            File.Delete(partial);
            // Bytes kept from an earlier attempt may be what is wrong: start over once before refusing the release.
            if (offset > 0) throw new IOException($"the resumed download of {release.Version} did not verify; downloading it again from the start");
            throw new ModelRefusedException($"model {release.ModelId} {release.Version} refused: sha256 of the {size}-byte download is {sha}, " +
                                            $"the release says {release.Sha256}");
        }
        File.Move(partial, target, overwrite: true);
        return target;
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>A model that must not be loaded (its bytes do not match the published hash); retrying will not help.</summary>
public sealed class ModelRefusedException(string message) : Exception(message);
