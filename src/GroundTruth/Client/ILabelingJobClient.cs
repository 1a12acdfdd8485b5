using EdgeLabel.GroundTruth.Api;

namespace EdgeLabel.GroundTruth.Client;

/// <summary>The four labeling-job operations EdgeLabel uses, whichever backend answers them (Amazon SageMaker or the
/// embedded Ground Truth service). Errors surface as <see cref="SageMakerException"/> subtypes.</summary>
public interface ILabelingJobClient
{
    Task<CreateLabelingJobResponse> CreateLabelingJobAsync(CreateLabelingJobRequest request, CancellationToken ct = default);
    Task<DescribeLabelingJobResponse> DescribeLabelingJobAsync(DescribeLabelingJobRequest request, CancellationToken ct = default);
    Task<ListLabelingJobsResponse> ListLabelingJobsAsync(ListLabelingJobsRequest request, CancellationToken ct = default);
    Task StopLabelingJobAsync(StopLabelingJobRequest request, CancellationToken ct = default);
}
