using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>A folder as a camera: the backlog first, then new files each poll. A restart rescans everything;
/// the pipeline skips what the journal already decided.</summary>
public sealed class DirectoryCamera : CameraActor
{
    public DirectoryCamera(DirectoryCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline)
        : base(settings, "directory", intake, pipeline) { }

    public static Props Props(DirectoryCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline) =>
        Akka.Actor.Props.Create(() => new DirectoryCamera(settings, intake, pipeline));

    protected override Source<PendingImage, NotUsed> CreateSource(IActorRef self)
    {
        var settings = (DirectoryCameraSettings)Settings;
        var scanner = new DirectoryScanner(settings.Path, settings.Extensions, settings.Recursive, Intake.Clock);
        var firstScan = true;
        // Tick drops ticks while downstream is busy, so a slow pipeline never queues up scans.
        return Source.Single(NotUsed.Instance)
            .Concat(Source.Tick(settings.PollInterval, settings.PollInterval, NotUsed.Instance).MapMaterializedValue(_ => NotUsed.Instance))
            .Select(_ =>
            {
                var files = scanner.ScanNew();
                if (files.Count > 0) self.Tell(new ImagesDiscovered(files.Count));
                if (firstScan) self.Tell(new SourceExhausted());
                firstScan = false;
                return files;
            })
            .SelectMany(files => files)
            .SelectAsync(CameraIntake.Parallelism, file => ReadAsync(file, self))
            .Where(read => read.Bytes is not null)
            .SelectAsync(CameraIntake.Parallelism, read => Intake.AdmitAsync(settings.Name, read.Bytes!, new DateTimeOffset(File.GetLastWriteTimeUtc(read.File)), read.File));
    }

    private static async Task<(string File, byte[]? Bytes)> ReadAsync(string file, IActorRef self)
    {
        try
        {
            return (file, await File.ReadAllBytesAsync(file).ConfigureAwait(false));
        }
        catch (IOException e)
        {
            self.Tell(new ImageFailed($"could not read {file}: {e.Message}"));
            return (file, null);
        }
        catch (UnauthorizedAccessException e)
        {
            self.Tell(new ImageFailed($"could not read {file}: {e.Message}"));
            return (file, null);
        }
    }
}
