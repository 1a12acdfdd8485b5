using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using EdgeLabel.Actors.Serialization;

namespace EdgeLabel.Actors.Decisions;

/// <summary>Writes a site's decision journal as JSON Lines (one decision per line, in journal order): the readable
/// record of what the edge decided, read back through the journal itself rather than a side file.</summary>
public static class DecisionExport
{
    /// <param name="written">Told, from the stream, how many decisions are written so far.</param>
    public static async Task<int> WriteJsonLinesAsync(ActorSystem system, string site, string path, CancellationToken ct = default, IProgress<int>? written = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var readJournal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var temp = path + ".tmp";
        var count = 0;
        await using (var writer = new StreamWriter(temp))
        {
            await readJournal.CurrentEventsByPersistenceId(DecisionJournal.PersistenceIdFor(site), 0, long.MaxValue)
                .RunForeach(envelope =>
                {
                    if (envelope.Event is not IDecisionEvent decision) return;
                    writer.WriteLine(ToJson(envelope.SequenceNr, decision));
                    count++;
                    written?.Report(count);
                }, system.Materializer());
        }
        File.Move(temp, path, overwrite: true);
        return count;
    }

    public static string ToJson(long sequenceNr, IDecisionEvent decision)
    {
        var node = JsonSerializer.SerializeToNode(decision, decision.GetType(), EdgeLabelSerializer.JsonOptions)!.AsObject();
        node.Insert(0, "seq", sequenceNr);
        node.Insert(1, "kind", decision is ImageDecided ? "decided" : "quarantined");
        return node.ToJsonString();
    }
}
