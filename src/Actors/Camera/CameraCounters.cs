using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>Counters every camera actor keeps; mutated only inside the owning actor.</summary>
internal sealed class CameraCounters(string name, string kind)
{
    private long _discovered, _admitted, _settled, _decided, _quarantined, _already, _failed;
    private bool _exhausted;
    private string? _lastError;

    public void Discovered(int count) => _discovered += count;
    public void Admitted() => _admitted++;
    public void Exhausted() => _exhausted = true;

    public void Failed(string error)
    {
        _failed++;
        _lastError = error;
    }

    public void Settled(ImageOutcome outcome)
    {
        _settled++;
        switch (outcome.Kind)
        {
            case OutcomeKind.Decided: _decided++; break;
            case OutcomeKind.Quarantined: _quarantined++; break;
            case OutcomeKind.AlreadyDecided: _already++; break;
        }
    }

    public CameraStatus Snapshot() =>
        new(name, kind, _discovered, _admitted, _settled, _decided, _quarantined, _already, _failed, _exhausted, _lastError);
}
