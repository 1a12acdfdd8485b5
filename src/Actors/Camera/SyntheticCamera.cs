using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>Benchmark and soak load: <see cref="SyntheticCameraSettings.Count"/> variants of real photos,
/// produced as fast as the pipeline takes them.</summary>
public sealed class SyntheticCamera : CameraActor
{
    public SyntheticCamera(SyntheticCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline)
        : base(settings, "synthetic", intake, pipeline) { }

    public static Props Props(SyntheticCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline) =>
        Akka.Actor.Props.Create(() => new SyntheticCamera(settings, intake, pipeline));

    protected override Source<PendingImage, NotUsed> CreateSource(IActorRef self)
    {
        var settings = (SyntheticCameraSettings)Settings;
        var variants = PhotoVariants.FromDirectory(settings.PhotosPath, settings.Seed);
        self.Tell(new ImagesDiscovered(settings.Count));
        return Source.From(Enumerable.Range(0, settings.Count))
            .SelectAsync(2, i => Task.Run(() => (Index: i, Bytes: variants.Make(i))))
            .SelectAsync(CameraIntake.Parallelism, v => Intake.AdmitAsync(settings.Name, v.Bytes, null, $"synthetic#{v.Index}"));
    }
}
