using EdgeLabel.Inference.Models;
using EdgeLabel.Inference.Tests.Support;

namespace EdgeLabel.Inference.Tests;

public sealed class ModelLoadTests
{
    [Fact]
    public void Missing_model_file_throws_ModelLoadException_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "missing-model.onnx");
        var e = Assert.Throws<ModelLoadException>(() => OnnxDetector.Load(new DetectorOptions { ModelPath = path, ModelId = "x" }));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Model_whose_outputs_match_no_adapter_throws_naming_file_shapes_and_expected_layouts()
    {
        var path = Generated.Model("unknown_layout.onnx");
        var e = Assert.Throws<ModelLoadException>(() => OnnxDetector.Load(new DetectorOptions { ModelPath = path, ModelId = "x" }));
        Assert.Contains(path, e.Message);
        Assert.Contains("images float[1,3,32,32]", e.Message);
        Assert.Contains("logits float[1,7]", e.Message);
        Assert.Contains("blazeface:", e.Message);
        Assert.Contains("yolo:", e.Message);
        Assert.Contains("boxes-scores:", e.Message);
    }

    [Fact]
    public void Explicit_adapter_that_does_not_fit_the_model_is_rejected()
    {
        var path = Generated.Model("yolov8.onnx");
        var e = Assert.Throws<ModelLoadException>(() => OnnxDetector.Load(new DetectorOptions { ModelPath = path, ModelId = "x", Adapter = "blazeface" }));
        Assert.Contains(path, e.Message);
        Assert.Contains("blazeface:", e.Message);
    }

    [Fact]
    public void Default_model_loads_as_blazeface_with_fixed_batch_one_and_sha256_identity()
    {
        using var detector = OnnxDetector.Load(new DetectorOptions { ModelPath = TestEnvironment.ModelPath, ModelId = "blazeface-back-256" });
        Assert.Equal("blazeface", detector.AdapterName);
        Assert.Equal(1, detector.MaxBatch);
        Assert.Equal(256, detector.Input.Width);
        Assert.Equal(Preprocessing.TensorLayout.Nhwc, detector.Input.Layout);
        Assert.Equal("427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2", detector.Identity.Sha256);
        Assert.Equal("427cbbe0fc41", detector.Identity.Version);
        Assert.Equal(["face"], detector.ClassNames);
    }
}
