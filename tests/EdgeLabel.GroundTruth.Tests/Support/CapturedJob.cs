using EdgeLabel.GroundTruth.Api;

namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>The values the AWS JS SDK was called with for the captures in shared/reference/sagemaker-wire, and the
/// throwaway credentials that signed them (the AWS documentation's example key pair).</summary>
public static class CapturedJob
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    public static string CreateCapture => Path.Combine(RepoPaths.SageMakerWire, "sagemaker-createlabelingjob-request.txt");
    public static string DescribeCapture => Path.Combine(RepoPaths.SageMakerWire, "sagemaker-describelabelingjob-request.txt");

    public static CreateLabelingJobRequest Create() => new()
    {
        LabelingJobName = "edge-lowconf-0001",
        LabelAttributeName = "label",
        InputConfig = new LabelingJobInputConfig
        {
            DataSource = new LabelingJobDataSource { S3DataSource = new LabelingJobS3DataSource { ManifestS3Uri = "s3://edge-bucket/manifests/m.jsonl" } },
            DataAttributes = new LabelingJobDataAttributes { ContentClassifiers = ["FreeOfPersonallyIdentifiableInformation"] },
        },
        OutputConfig = new LabelingJobOutputConfig { S3OutputPath = "s3://edge-bucket/labels/" },
        RoleArn = "arn:aws:iam::123456789012:role/gt",
        HumanTaskConfig = new HumanTaskConfig
        {
            WorkteamArn = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t",
            UiConfig = new UiConfig { UiTemplateS3Uri = "s3://edge-bucket/tmpl.liquid" },
            TaskTitle = "Draw boxes",
            TaskDescription = "Draw a box around each face",
            NumberOfHumanWorkersPerDataObject = 1,
            TaskTimeLimitInSeconds = 300,
            PreHumanTaskLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox",
            AnnotationConsolidationConfig = new AnnotationConsolidationConfig
            {
                AnnotationConsolidationLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox",
            },
        },
        LabelCategoryConfigS3Uri = "s3://edge-bucket/labels.json",
        StoppingConditions = new LabelingJobStoppingConditions { MaxPercentageOfInputDatasetLabeled = 100 },
        Tags = [new Tag("source", "edge")],
    };

    public static DescribeLabelingJobRequest Describe() => new() { LabelingJobName = "edge-lowconf-0001" };
}
