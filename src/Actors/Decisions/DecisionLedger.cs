using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Decisions;

/// <summary>The decision journal's state: which images are decided and how. Mutable, owned by one actor.</summary>
internal sealed class DecisionLedger
{
    private const string QuarantinedCode = "quarantined";
    private readonly Dictionary<ContentId, string> _outcomes = new();
    private readonly Dictionary<string, int> _quarantineReasons = new(StringComparer.Ordinal);

    public int Count => _outcomes.Count;

    public bool Contains(ContentId id) => _outcomes.ContainsKey(id);

    public void Apply(IDecisionEvent e)
    {
        switch (e)
        {
            case ImageDecided d:
                _outcomes[d.Id] = d.Route.ToString();
                break;
            case ImageQuarantined q:
                if (_outcomes.TryAdd(q.Id, QuarantinedCode))
                    _quarantineReasons[q.Reason] = _quarantineReasons.GetValueOrDefault(q.Reason) + 1;
                break;
        }
    }

    public DecisionSummary Summary()
    {
        int auto = 0, review = 0, audit = 0, quarantined = 0;
        foreach (var outcome in _outcomes.Values)
        {
            switch (outcome)
            {
                case nameof(RouteKind.AutoLabel): auto++; break;
                case nameof(RouteKind.Review): review++; break;
                case nameof(RouteKind.Audit): audit++; break;
                default: quarantined++; break;
            }
        }
        return new DecisionSummary(auto, review, audit, quarantined, new Dictionary<string, int>(_quarantineReasons));
    }

    public DecisionLedgerSnapshot ToSnapshot() =>
        new(_outcomes.Keys.Select(k => k.Value).ToArray(), _outcomes.Values.ToArray(), new Dictionary<string, int>(_quarantineReasons));

    public static DecisionLedger FromSnapshot(DecisionLedgerSnapshot snapshot)
    {
        var ledger = new DecisionLedger();
        for (var i = 0; i < snapshot.Ids.Count; i++)
            ledger._outcomes[ContentId.Parse(snapshot.Ids[i])] = snapshot.Outcomes[i];
        foreach (var (reason, n) in snapshot.QuarantineReasons)
            ledger._quarantineReasons[reason] = n;
        return ledger;
    }
}
