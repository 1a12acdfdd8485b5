using System.Text;
using EdgeLabel.GroundTruth.Embedded;

namespace EdgeLabel.GroundTruth.Tests;

public sealed class WorkerResponsesSpecs
{
    private const string Manifest = "labeling/output/faces-1-abc/manifests/output/output.manifest";

    [Fact]
    public void The_prefix_is_beside_the_output_manifest_and_keys_name_their_data_object()
    {
        var prefix = WorkerResponses.KeyPrefixBeside(Manifest);
        Assert.Equal("labeling/output/faces-1-abc/annotations/worker-response/", prefix);
        Assert.Equal(12, WorkerResponses.DataObjectIndex(prefix + "iteration-1/12/2026-11-26_08:00:01.json"));
        Assert.Equal(0, WorkerResponses.DataObjectIndex(prefix + "iteration-2/0/x.json"));
        Assert.Null(WorkerResponses.DataObjectIndex(prefix + "iteration-1/12/notes.txt"));
        Assert.Null(WorkerResponses.DataObjectIndex(prefix + "iteration-1/-3/x.json"));
        Assert.Null(WorkerResponses.DataObjectIndex(prefix + "iteration-1/x.json"));
        Assert.Null(WorkerResponses.DataObjectIndex("labeling/output/faces-1-abc/annotations/consolidated-annotation/iteration-1/1/x.json"));
        Assert.Throws<ArgumentException>(() => WorkerResponses.KeyPrefixBeside("labeling/output/faces-1-abc/manifest.jsonl"));
    }

    [Fact]
    public void Workers_are_read_in_answer_order_once_each_and_a_broken_file_names_nobody()
    {
        var json = """{"answers":[{"workerId":"private.us-east-1.w1"},{"workerId":"w2"},{"workerId":"w2"},{"answerContent":{}},{"workerId":""}]}""";
        Assert.Equal(["private.us-east-1.w1", "w2"], WorkerResponses.Workers(Encoding.UTF8.GetBytes(json)));
        Assert.Empty(WorkerResponses.Workers("{\"answers\":"u8));
        Assert.Empty(WorkerResponses.Workers("[1,2]"u8));
    }
}
