using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using Akka.Util;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>Frames sampled from a video file or RTSP stream by Debian's ffmpeg (MJPEG over a pipe). Reading the
/// pipe only on demand is the backpressure: ffmpeg blocks while the pipeline is busy.</summary>
public sealed class VideoCamera : CameraActor
{
    public VideoCamera(VideoCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline)
        : base(settings, "video", intake, pipeline) { }

    public static Props Props(VideoCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline) =>
        Akka.Actor.Props.Create(() => new VideoCamera(settings, intake, pipeline));

    protected override Source<PendingImage, NotUsed> CreateSource(IActorRef self)
    {
        var settings = (VideoCameraSettings)Settings;
        var frameIndex = 0L;
        return Source.UnfoldResourceAsync<byte[], Process>(
                () => Task.FromResult(StartFfmpeg(settings)),
                async process =>
                {
                    var buffer = new byte[64 * 1024];
                    var read = await process.StandardOutput.BaseStream.ReadAsync(buffer).ConfigureAwait(false);
                    return read == 0 ? Option<byte[]>.None : Option<byte[]>.Create(buffer[..read]);
                },
                process => Task.FromResult(Stop(process, settings, self)))
            .StatefulSelectMany<byte[], byte[], NotUsed>(() =>
            {
                var splitter = new JpegFrameSplitter();
                return chunk => splitter.Push(chunk);
            })
            .Select(frame =>
            {
                self.Tell(new ImagesDiscovered(1));
                return (Frame: frame, Index: frameIndex++);
            })
            .SelectAsync(CameraIntake.Parallelism, f => Intake.AdmitAsync(settings.Name, f.Frame, null, $"{settings.Url}#frame-{f.Index}"));
    }

    private static Process StartFfmpeg(VideoCameraSettings settings)
    {
        var info = new ProcessStartInfo(settings.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in FfmpegArguments(settings)) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {settings.FfmpegPath}");
        process.ErrorDataReceived += (_, _) => { }; // drained so ffmpeg never blocks on a full stderr pipe
        process.BeginErrorReadLine();
        return process;
    }

    public static IReadOnlyList<string> FfmpegArguments(VideoCameraSettings settings)
    {
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (settings.Url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)) args.AddRange(["-rtsp_transport", "tcp"]);
        args.AddRange(["-i", settings.Url, "-vf", FormattableString.Invariant($"fps={settings.FramesPerSecond}")]);
        if (settings.MaxFrames > 0) args.AddRange(["-frames:v", settings.MaxFrames.ToString()]);
        args.AddRange(["-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"]);
        return args;
    }

    private static Done Stop(Process process, VideoCameraSettings settings, IActorRef self)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
        if (process.ExitCode != 0 && process.ExitCode != 137 && process.ExitCode != -1)
            self.Tell(new ImageFailed($"ffmpeg exited with {process.ExitCode} reading {settings.Url}"));
        process.Dispose();
        return Done.Instance;
    }
}
