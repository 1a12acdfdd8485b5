namespace EdgeLabel.Inference.Models;

/// <summary>Thrown when a detector model cannot be loaded or used; the message names the file and what was expected.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
