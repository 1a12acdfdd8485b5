using System.Text.Json.Nodes;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Tests.Support;

namespace EdgeLabel.GroundTruth.Tests;

/// <summary>Our request bodies against the ones the AWS JS SDK sent (shared/reference/sagemaker-wire).</summary>
public sealed class WireBodySpecs
{
    [Fact]
    public void CreateLabelingJob_body_equals_the_JS_SDK_capture_field_by_field_and_in_key_order()
    {
        var captured = RawHttpRequest.ParseCapture(CapturedJob.CreateCapture);
        var ours = SageMakerJson.Serialize(CapturedJob.Create());

        AssertSameTree(captured.BodyText, System.Text.Encoding.UTF8.GetString(ours));
        Assert.Equal(captured.BodyText, System.Text.Encoding.UTF8.GetString(ours));
    }

    [Fact]
    public void DescribeLabelingJob_body_equals_the_JS_SDK_capture()
    {
        var captured = RawHttpRequest.ParseCapture(CapturedJob.DescribeCapture);
        var ours = System.Text.Encoding.UTF8.GetString(SageMakerJson.Serialize(CapturedJob.Describe()));

        AssertSameTree(captured.BodyText, ours);
        Assert.Equal(captured.BodyText, ours);
    }

    [Fact]
    public void The_captured_create_body_reads_back_into_a_request_that_serializes_to_the_same_bytes()
    {
        var captured = RawHttpRequest.ParseCapture(CapturedJob.CreateCapture);
        var parsed = SageMakerJson.Deserialize<CreateLabelingJobRequest>(captured.Body);

        Assert.Equal(captured.BodyText, System.Text.Encoding.UTF8.GetString(SageMakerJson.Serialize(parsed)));
        Assert.Empty(LabelingJobValidation.Problems(parsed));
    }

    [Fact]
    public void Optional_fields_are_omitted_when_null_and_written_with_AWS_names_when_set()
    {
        var minimal = JsonNode.Parse(SageMakerJson.Serialize(CapturedJob.Create() with { Tags = null, StoppingConditions = null }))!.AsObject();
        Assert.False(minimal.ContainsKey("Tags"));
        Assert.False(minimal.ContainsKey("StoppingConditions"));
        Assert.False(minimal["OutputConfig"]!.AsObject().ContainsKey("KmsKeyId"));

        var full = CapturedJob.Create() with
        {
            OutputConfig = new LabelingJobOutputConfig { S3OutputPath = "s3://b/o/", KmsKeyId = "arn:aws:kms:us-east-1:1:key/k" },
            StoppingConditions = new LabelingJobStoppingConditions { MaxHumanLabeledObjectCount = 500, MaxPercentageOfInputDatasetLabeled = 50 },
            HumanTaskConfig = CapturedJob.Create().HumanTaskConfig with
            {
                UiConfig = new UiConfig { HumanTaskUiArn = "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox" },
                TaskKeywords = ["Bounding Box", "Images"],
                NumberOfHumanWorkersPerDataObject = 3,
                TaskAvailabilityLifetimeInSeconds = 864000,
                MaxConcurrentTaskCount = 1000,
            },
        };
        var json = JsonNode.Parse(SageMakerJson.Serialize(full))!;
        Assert.Equal("arn:aws:kms:us-east-1:1:key/k", (string?)json["OutputConfig"]!["KmsKeyId"]);
        Assert.Equal(500, (int)json["StoppingConditions"]!["MaxHumanLabeledObjectCount"]!);
        var task = json["HumanTaskConfig"]!;
        Assert.Equal("arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox", (string?)task["UiConfig"]!["HumanTaskUiArn"]);
        Assert.False(task["UiConfig"]!.AsObject().ContainsKey("UiTemplateS3Uri"));
        Assert.Equal(["Bounding Box", "Images"], task["TaskKeywords"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(3, (int)task["NumberOfHumanWorkersPerDataObject"]!);
        Assert.Equal(864000, (int)task["TaskAvailabilityLifetimeInSeconds"]!);
        Assert.Equal(1000, (int)task["MaxConcurrentTaskCount"]!);
    }

    [Fact]
    public void ListLabelingJobs_filters_use_AWS_names_enum_strings_and_epoch_seconds()
    {
        var request = new ListLabelingJobsRequest
        {
            StatusEquals = LabelingJobStatus.InProgress,
            NameContains = "edge-",
            MaxResults = 10,
            NextToken = "t1",
            SortBy = LabelingJobSortBy.CreationTime,
            SortOrder = SortOrder.Descending,
            CreationTimeAfter = DateTimeOffset.FromUnixTimeSeconds(1_764_158_134),
            CreationTimeBefore = DateTimeOffset.FromUnixTimeMilliseconds(1_764_158_200_250),
        };

        Assert.Equal(
            """{"CreationTimeAfter":1764158134,"CreationTimeBefore":1764158200.25,"MaxResults":10,"NextToken":"t1","NameContains":"edge-","SortBy":"CreationTime","SortOrder":"Descending","StatusEquals":"InProgress"}""",
            System.Text.Encoding.UTF8.GetString(SageMakerJson.Serialize(request)));
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(SageMakerJson.Serialize(new ListLabelingJobsRequest())));
    }

    [Fact]
    public void A_DescribeLabelingJob_answer_in_AWS_form_reads_with_status_counters_times_and_output()
    {
        var capturedCreate = RawHttpRequest.ParseCapture(CapturedJob.CreateCapture).BodyText;
        var echo = JsonNode.Parse(capturedCreate)!.AsObject();
        echo["LabelingJobStatus"] = "Completed";
        echo["LabelCounters"] = JsonNode.Parse("""{"TotalLabeled":7,"HumanLabeled":5,"MachineLabeled":2,"FailedNonRetryableError":1,"Unlabeled":0}""");
        echo["CreationTime"] = 1764158134.123;
        echo["LastModifiedTime"] = 1764159000;
        echo["JobReferenceCode"] = "123456789012edge-lowconf-0001";
        echo["LabelingJobArn"] = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/edge-lowconf-0001";
        echo["LabelingJobOutput"] = JsonNode.Parse("""{"OutputDatasetS3Uri":"s3://edge-bucket/labels/edge-lowconf-0001/manifests/output/output.manifest"}""");
        echo["SomeFieldAwsAddsLater"] = "ignored";

        var described = SageMakerJson.Deserialize<DescribeLabelingJobResponse>(System.Text.Encoding.UTF8.GetBytes(echo.ToJsonString()));

        Assert.Equal(LabelingJobStatus.Completed, described.LabelingJobStatus);
        Assert.Equal(new LabelCounters { TotalLabeled = 7, HumanLabeled = 5, MachineLabeled = 2, FailedNonRetryableError = 1 }, described.LabelCounters);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_158_134_123), described.CreationTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_159_000), described.LastModifiedTime);
        Assert.Equal("s3://edge-bucket/labels/edge-lowconf-0001/manifests/output/output.manifest", described.LabelingJobOutput!.OutputDatasetS3Uri);
        Assert.Equal(300, described.HumanTaskConfig.TaskTimeLimitInSeconds);
        Assert.Equal("edge", described.Tags!.Single().Value);
        Assert.Null(described.FailureReason);
    }

    private static void AssertSameTree(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"bodies differ:\nexpected {expected}\nactual   {actual}");
    }
}
