namespace EdgeLabel.Inference.Models;

/// <summary>Which model produced a detection: recorded with every decision and label.</summary>
/// <param name="Id">Stable model name from configuration, e.g. "blazeface-back-256".</param>
/// <param name="Version">Version string; the file's sha256 prefix when none is configured.</param>
/// <param name="Sha256">Hex sha256 of the ONNX file.</param>
public sealed record ModelIdentity(string Id, string Version, string Sha256);
