using System.Buffers;
using System.Security.Cryptography;
using EdgeLabel.Inference.Adapters;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Models;

/// <summary>
/// One ONNX object detector: preprocessing, one thread-safe ORT session, and an output adapter that turns raw
/// tensors into boxes in source pixels of the upright image.
/// </summary>
public sealed class OnnxDetector : IDisposable
{
    private readonly InferenceSession _session;
    private readonly IOutputAdapter _adapter;
    private readonly DecodeSettings _settings;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int[][] _outputDims;
    private readonly bool _preallocateOutputs;
    private readonly int _fixedBatch;

    private OnnxDetector(InferenceSession session, IOutputAdapter adapter, InputSpec input, DecodeSettings settings,
        ModelIdentity identity, IReadOnlyList<string> classNames, string inputName, int fixedBatch, int maxBatch)
    {
        _session = session;
        _adapter = adapter;
        _settings = settings;
        Input = input;
        Identity = identity;
        ClassNames = classNames;
        _inputNames = [inputName];
        _fixedBatch = fixedBatch;
        MaxBatch = maxBatch;
        _outputNames = session.OutputMetadata.Keys.ToArray();
        _outputDims = _outputNames.Select(n => session.OutputMetadata[n].Dimensions).ToArray();
        // Known per-item output sizes let ORT write straight into our buffers instead of allocating and copying.
        _preallocateOutputs = _outputDims.All(d => d.Skip(1).All(x => x > 0));
    }

    /// <summary>Model name, version and file hash, recorded with every detection.</summary>
    public ModelIdentity Identity { get; }

    /// <summary>How images are turned into this model's input tensor.</summary>
    public InputSpec Input { get; }

    /// <summary>Name of the output adapter in use ("blazeface", "yolo", …).</summary>
    public string AdapterName => _adapter.Name;

    /// <summary>Images per ORT Run: 1 when the model's batch dimension is fixed at 1, larger when it is dynamic.</summary>
    public int MaxBatch { get; }

    /// <summary>Class names by <see cref="Detection.ClassId"/>.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Effective decoding parameters (score floor, NMS overlap).</summary>
    public DecodeSettings Settings => _settings;

    /// <summary>Loads the model, verifies that an adapter understands its outputs, and hashes the file.</summary>
    /// <exception cref="ModelLoadException">Missing/unreadable file, or a layout no adapter decodes.</exception>
    public static OnnxDetector Load(DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.ModelPath);
        if (!File.Exists(path))
            throw new ModelLoadException($"Model file '{path}' does not exist (configured as '{options.ModelPath}'). Run ./build.sh models or fix the path.");

        string sha;
        try
        {
            using var stream = File.OpenRead(path);
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"Model file '{path}' cannot be read: {e.Message}", e);
        }

        InferenceSession session;
        using (var so = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            ExecutionMode = options.ExecutionMode,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        })
        {
            if (!options.AllowSpinning)
            {
                // Spinning ORT threads burn the cores that decode the next images while they wait for work.
                so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                so.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
            }
            try
            {
                session = new InferenceSession(path, so);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelLoadException($"Model file '{path}' is not a loadable ONNX model: {e.Message}", e);
            }
        }

        try
        {
            return Create(session, options, path, sha);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OnnxDetector Create(InferenceSession session, DetectorOptions options, string path, string sha)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var adapter = ResolveAdapter(options, inputs, outputs, path);

        var (inputName, inputNode) = inputs.Single();
        var spec = options.Input ?? adapter.DefaultInput(inputNode);
        spec.Validate();
        var (modelW, modelH) = ShapeText.SpatialSize(inputNode, -1);
        if ((modelW > 0 && modelW != spec.Width) || (modelH > 0 && modelH != spec.Height))
            throw new ModelLoadException(
                $"Model file '{path}' has input {ShapeText.Describe(inputName, inputNode)}, but the configured input is {spec.Width}x{spec.Height}.");
        bool modelIsNhwc = ShapeText.ChannelAxis(inputNode) == 3;
        if (modelIsNhwc != (spec.Layout == TensorLayout.Nhwc))
            throw new ModelLoadException(
                $"Model file '{path}' has input {ShapeText.Describe(inputName, inputNode)}, but the configured layout is {spec.Layout}.");

        int batchDim = inputNode.Dimensions[0];
        int fixedBatch = batchDim > 0 ? batchDim : 0;
        int maxBatch = fixedBatch > 0 ? fixedBatch : Math.Max(1, options.MaxBatch);

        var settings = new DecodeSettings(spec, options.MinScore, options.NmsIoU ?? adapter.DefaultNmsIoU, options.MaxDetections);
        var classNames = options.ClassNames
            ?? ModelMetadataNames.Parse(session.ModelMetadata.CustomMetadataMap)
            ?? adapter.DefaultClassNames(outputs);
        var identity = new ModelIdentity(options.ModelId, options.Version ?? sha[..12], sha);
        return new OnnxDetector(session, adapter, spec, settings, identity, classNames, inputName, fixedBatch, maxBatch);
    }

    private static IOutputAdapter ResolveAdapter(DetectorOptions options, IReadOnlyDictionary<string, NodeMetadata> inputs,
        IReadOnlyDictionary<string, NodeMetadata> outputs, string path)
    {
        var candidates = OutputAdapters.All(options.BoxFormat, options.BackgroundClass);
        string Layouts() => string.Join(Environment.NewLine, candidates.Select(a => "  - " + a.ExpectedLayout));
        string Actual() => $"inputs: {ShapeText.Describe(inputs)}; outputs: {ShapeText.Describe(outputs)}";

        if (options.Adapter is { } name)
        {
            var adapter = OutputAdapters.ByName(name, options.BoxFormat, options.BackgroundClass)
                ?? throw new ModelLoadException(
                    $"Model file '{path}': unknown adapter '{name}'. Known adapters: {string.Join(", ", OutputAdapters.Names)}.");
            if (!adapter.Matches(inputs, outputs))
                throw new ModelLoadException(
                    $"Model file '{path}' does not have the layout adapter '{name}' expects.{Environment.NewLine}" +
                    $"Actual {Actual()}{Environment.NewLine}Expected:{Environment.NewLine}  - {adapter.ExpectedLayout}");
            return adapter;
        }

        return OutputAdapters.Detect(inputs, outputs, options.BoxFormat, options.BackgroundClass)
            ?? throw new ModelLoadException(
                $"Model file '{path}' matches no known detector layout.{Environment.NewLine}" +
                $"Actual {Actual()}{Environment.NewLine}Expected one of:{Environment.NewLine}{Layouts()}");
    }

    /// <summary>Decode limits for this model: the given pixel budget, scaled JPEG decode down to the input size.</summary>
    public DecodeLimits DecodeLimitsFor(long maxPixels) => new(maxPixels, Math.Max(Input.Width, Input.Height));

    /// <summary>Fills a pooled tensor buffer for one image. Thread-safe; meant to run in parallel pipeline stages.</summary>
    public PreparedInput Prepare(DecodedImage image)
    {
        int length = Input.ElementCount;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var transform = Preprocessor.Fill(image, Input, buffer.AsSpan(0, length));
            return new PreparedInput(buffer, length, transform, Input);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Runs the model on prepared images and returns their detections in the same order. Thread-safe. Up to
    /// <see cref="MaxBatch"/> images go into one ORT Run; models with a fixed batch of 1 are run image by image.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Detection>> Run(IReadOnlyList<PreparedInput> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var item in batch)
            if (item.Length != Input.ElementCount || !Equals(item.Spec, Input))
                throw new ArgumentException("A prepared input was made for a different model input.", nameof(batch));

        var results = new IReadOnlyList<Detection>[batch.Count];
        for (int start = 0; start < batch.Count; start += MaxBatch)
            RunChunk(batch, start, Math.Min(MaxBatch, batch.Count - start), results);
        return results;
    }

    /// <summary>Decode, prepare and run one encoded image.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not a usable image.</exception>
    public IReadOnlyList<Detection> Detect(byte[] imageBytes, DecodeLimits limits)
    {
        using var image = ImageDecoder.Decode(imageBytes, limits);
        using var input = Prepare(image);
        return Run([input])[0];
    }

    private void RunChunk(IReadOnlyList<PreparedInput> batch, int start, int count, IReadOnlyList<Detection>[] results)
    {
        // A fixed batch dimension > 1 is padded with zero images; their outputs are ignored.
        int n = _fixedBatch > 0 ? _fixedBatch : count;
        int itemLength = Input.ElementCount;
        float[]? joined = null;
        var rented = new List<float[]>();
        try
        {
            Memory<float> inputMemory;
            if (n == 1)
            {
                inputMemory = batch[start].Buffer.AsMemory(0, itemLength); // single image: no copy at all
            }
            else
            {
                joined = ArrayPool<float>.Shared.Rent(n * itemLength);
                for (int i = 0; i < count; i++)
                    batch[start + i].Tensor.CopyTo(joined.AsSpan(i * itemLength, itemLength));
                joined.AsSpan(count * itemLength, (n - count) * itemLength).Clear();
                inputMemory = joined.AsMemory(0, n * itemLength);
            }

            using var runOptions = new RunOptions();
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputMemory, Input.Shape(n));
            var perItem = new (float[] Data, int Length, int[] Dims)[_outputNames.Length];

            if (_preallocateOutputs)
            {
                var outputValues = new OrtValue[_outputNames.Length];
                try
                {
                    for (int o = 0; o < _outputNames.Length; o++)
                    {
                        var dims = _outputDims[o];
                        int length = ItemLength(dims);
                        var data = ArrayPool<float>.Shared.Rent(n * length);
                        rented.Add(data);
                        var shape = dims.Select(d => (long)d).ToArray();
                        shape[0] = n;
                        outputValues[o] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(0, n * length), shape);
                        perItem[o] = (data, length, ItemDims(dims));
                    }
                    _session.Run(runOptions, _inputNames, [inputValue], _outputNames, outputValues);
                }
                finally
                {
                    foreach (var v in outputValues) v?.Dispose();
                }
            }
            else
            {
                using var outputs = _session.Run(runOptions, _inputNames, [inputValue], _outputNames);
                int o = 0;
                foreach (var value in outputs)
                {
                    var shape = value.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
                    var span = value.GetTensorDataAsSpan<float>();
                    var data = ArrayPool<float>.Shared.Rent(span.Length);
                    rented.Add(data);
                    span.CopyTo(data);
                    perItem[o++] = (data, span.Length / Math.Max(1, n), ItemDims(shape));
                }
            }

            for (int i = 0; i < count; i++)
            {
                var views = new Dictionary<string, OutputTensor>(_outputNames.Length);
                for (int o = 0; o < _outputNames.Length; o++)
                {
                    var (data, length, dims) = perItem[o];
                    views[_outputNames[o]] = new OutputTensor(_outputNames[o], data.AsMemory(i * length, length), dims);
                }
                results[start + i] = _adapter.Decode(views, batch[start + i].Transform, _settings);
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"Inference with model '{Identity.Id}' failed: {e.Message}", e);
        }
        finally
        {
            if (joined is not null) ArrayPool<float>.Shared.Return(joined);
            foreach (var r in rented) ArrayPool<float>.Shared.Return(r);
        }
    }

    private static int ItemLength(int[] dims)
    {
        long length = 1;
        for (int i = 1; i < dims.Length; i++) length *= dims[i];
        return checked((int)length);
    }

    private static int[] ItemDims(int[] dims)
    {
        var item = (int[])dims.Clone();
        if (item.Length > 0) item[0] = 1;
        return item;
    }

    public void Dispose() => _session.Dispose();
}
