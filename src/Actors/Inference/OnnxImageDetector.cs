using EdgeLabel.Inference;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Inference;

/// <summary>The pipeline's detector over one ONNX session: decode with the pixel limit applied before full
/// decode, prepare the tensor, run batches, and return pooled buffers once a batch is done.</summary>
public sealed class OnnxImageDetector(OnnxDetector detector, long maxPixels) : IImageDetector, IDisposable
{
    private readonly DecodeLimits _limits = detector.DecodeLimitsFor(maxPixels);

    public ModelIdentity Model => detector.Identity;

    public IReadOnlyList<string> ClassNames => detector.ClassNames;

    public int MaxBatch => detector.MaxBatch;

    public OnnxDetector Detector => detector;

    public PreparedFrame Prepare(byte[] imageBytes)
    {
        using var image = ImageDecoder.Decode(imageBytes, _limits);
        return new PreparedFrame(image.SourceWidth, image.SourceHeight, detector.Prepare(image));
    }

    public IReadOnlyList<IReadOnlyList<Detection>> Detect(IReadOnlyList<PreparedFrame> batch)
    {
        var inputs = batch.Select(f => (PreparedInput)f.ModelInput).ToArray();
        try
        {
            return detector.Run(inputs);
        }
        finally
        {
            foreach (var input in inputs) input.Dispose();
        }
    }

    public void Dispose() => detector.Dispose();
}
