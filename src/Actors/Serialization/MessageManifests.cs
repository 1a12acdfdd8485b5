using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Serialization;

/// <summary>The one table of stable manifests: a type is serialized only if it is listed here, and a manifest
/// never changes once released (add a new ".v2" manifest instead), so renaming a class can't break recovery.</summary>
public static class MessageManifests
{
    private static readonly (Type Type, string Manifest)[] Entries =
    [
        (typeof(ImageDecided), "decisions.image-decided.v1"),
        (typeof(ImageQuarantined), "decisions.image-quarantined.v1"),
        (typeof(DecisionLedgerSnapshot), "decisions.ledger-snapshot.v1"),
        (typeof(Outbox.OutboxItemsEnqueued), "outbox.items-enqueued.v1"),
        (typeof(Outbox.OutboxItemsUploaded), "outbox.items-uploaded.v1"),
        (typeof(Outbox.OutboxItemsFailed), "outbox.items-failed.v1"),
        (typeof(Outbox.OutboxSpoolReleased), "outbox.spool-released.v1"),
        (typeof(Outbox.OutboxSnapshot), "outbox.snapshot.v1"),
        (typeof(Outbox.OutboxBytesDropped), "outbox.bytes-dropped.v1"),
        (typeof(Cluster.CheckPeer), "cluster.check-peer.v1"),
        (typeof(Cluster.PeerChecked), "cluster.peer-checked.v1"),
        (typeof(Sites.SiteReport), "sites.site-report.v1"),
        (typeof(Delivery.DeliverRecords), "delivery.deliver-records.v1"),
        (typeof(Delivery.RecordsAcknowledged), "delivery.records-acknowledged.v1"),
        (typeof(Delivery.RecordsRejected), "delivery.records-rejected.v1"),
        (typeof(Delivery.DeliveryRecordsQueued), "delivery.records-queued.v1"),
        (typeof(Delivery.DeliveryAcknowledged), "delivery.acknowledged.v1"),
        (typeof(Delivery.DeliverySnapshot), "delivery.snapshot.v1"),
        (typeof(Datasets.GetDatasetStats), "datasets.get-stats.v1"),
        (typeof(Datasets.GetDatasetPage), "datasets.get-page.v1"),
        (typeof(Datasets.DatasetPage), "datasets.page.v1"),
        (typeof(Datasets.GetDatasetImage), "datasets.get-image.v1"),
        (typeof(Datasets.DatasetImageFound), "datasets.image-found.v1"),
        (typeof(Datasets.DatasetStats), "datasets.stats.v1"),
        (typeof(Datasets.ExportDataset), "datasets.export.v1"),
        (typeof(Datasets.DatasetExported), "datasets.exported.v1"),
        (typeof(Datasets.UnknownProject), "datasets.unknown-project.v1"),
        (typeof(Datasets.DatasetRecordsAbsorbed), "datasets.records-absorbed.v1"),
        (typeof(Datasets.DatasetSnapshot), "datasets.snapshot.v1"),
        (typeof(Datasets.MergeHumanLabels), "datasets.merge-human-labels.v1"),
        (typeof(Datasets.HumanLabelsMergeAcknowledged), "datasets.human-labels-merge-acknowledged.v1"),
        (typeof(Datasets.HumanLabelsMerged), "datasets.human-labels-merged.v1"),
        (typeof(Labeling.ImagesAwaitingReview), "labeling.images-awaiting-review.v1"),
        (typeof(Labeling.StartLabelingJob), "labeling.start-job.v1"),
        (typeof(Labeling.StopLabeling), "labeling.stop-job.v1"),
        (typeof(Labeling.GetLabelingJobStatus), "labeling.get-job-status.v1"),
        (typeof(Labeling.LabelingJobStatusReport), "labeling.job-status.v1"),
        (typeof(Labeling.LabelingJobFinished), "labeling.job-finished.v1"),
        (typeof(Labeling.LabelingJobFinishedAck), "labeling.job-finished-ack.v1"),
        (typeof(Labeling.GetLabelingStatus), "labeling.get-status.v1"),
        (typeof(Labeling.LabelingStatus), "labeling.status.v1"),
        (typeof(Labeling.LabelingJobAccepted), "labeling.job-accepted.v1"),
        (typeof(Labeling.LabelingJobInputsWritten), "labeling.job-inputs-written.v1"),
        (typeof(Labeling.LabelingJobSubmitted), "labeling.job-submitted.v1"),
        (typeof(Labeling.LabelingJobProgressed), "labeling.job-progressed.v1"),
        (typeof(Labeling.LabelingJobStopRequested), "labeling.job-stop-requested.v1"),
        (typeof(Labeling.LabelingJobEnded), "labeling.job-ended.v1"),
        (typeof(Labeling.LabelingJobMerged), "labeling.job-merged.v1"),
        (typeof(Labeling.LabelingJobReported), "labeling.job-reported.v1"),
        (typeof(Labeling.LabelingImagesQueued), "labeling.images-queued.v1"),
        (typeof(Labeling.LabelingBatchStarted), "labeling.batch-started.v1"),
        (typeof(Labeling.LabelingJobConcluded), "labeling.job-concluded.v1"),
        (typeof(Labeling.LabelingAlertRaised), "labeling.alert-raised.v1"),
        (typeof(GroundTruth.CreateLabelingJob), "ground-truth.create-labeling-job.v1"),
        (typeof(GroundTruth.DescribeLabelingJob), "ground-truth.describe-labeling-job.v1"),
        (typeof(GroundTruth.ListLabelingJobs), "ground-truth.list-labeling-jobs.v1"),
        (typeof(GroundTruth.StopLabelingJob), "ground-truth.stop-labeling-job.v1"),
        (typeof(GroundTruth.LabelingJobCreated), "ground-truth.labeling-job-created.v1"),
        (typeof(GroundTruth.LabelingJobDescribed), "ground-truth.labeling-job-described.v1"),
        (typeof(GroundTruth.LabelingJobsListed), "ground-truth.labeling-jobs-listed.v1"),
        (typeof(GroundTruth.LabelingJobStopAccepted), "ground-truth.labeling-job-stop-accepted.v1"),
        (typeof(GroundTruth.SageMakerError), "ground-truth.sagemaker-error.v1"),
        (typeof(GroundTruth.ListWorkerTasks), "ground-truth.list-worker-tasks.v1"),
        (typeof(GroundTruth.GetWorkerTask), "ground-truth.get-worker-task.v1"),
        (typeof(GroundTruth.SubmitTaskAnswer), "ground-truth.submit-task-answer.v1"),
        (typeof(GroundTruth.DeclineWorkerTask), "ground-truth.decline-worker-task.v1"),
        (typeof(GroundTruth.WorkerTaskList), "ground-truth.worker-task-list.v1"),
        (typeof(GroundTruth.WorkerTaskDetail), "ground-truth.worker-task-detail.v1"),
        (typeof(GroundTruth.WorkerTaskAccepted), "ground-truth.worker-task-accepted.v1"),
        (typeof(GroundTruth.WorkerTaskRejected), "ground-truth.worker-task-rejected.v1"),
        (typeof(GroundTruth.WorkerTaskNotFound), "ground-truth.worker-task-not-found.v1"),
        (typeof(GroundTruth.WorkerTaskClosed), "ground-truth.worker-task-closed.v1"),
        (typeof(GroundTruth.WorkerTaskNotYours), "ground-truth.worker-task-not-yours.v1"),
        (typeof(GroundTruth.GetLabelerStats), "ground-truth.get-labeler-stats.v1"),
        (typeof(GroundTruth.LabelerStatsReport), "ground-truth.labeler-stats.v1"),
        (typeof(GroundTruth.GroundTruthJobCreated), "ground-truth.job-created.v1"),
        (typeof(GroundTruth.GroundTruthJobInitialized), "ground-truth.job-initialized.v1"),
        (typeof(GroundTruth.GroundTruthJobFailed), "ground-truth.job-failed.v1"),
        (typeof(GroundTruth.GroundTruthTaskAnswered), "ground-truth.task-answered.v1"),
        (typeof(GroundTruth.GroundTruthTaskDeclined), "ground-truth.task-declined.v1"),
        (typeof(GroundTruth.GroundTruthTasksExpired), "ground-truth.tasks-expired.v1"),
        (typeof(GroundTruth.GroundTruthStopRequested), "ground-truth.stop-requested.v1"),
        (typeof(GroundTruth.GroundTruthJobFinished), "ground-truth.job-finished.v1"),
    ];

    private static readonly Dictionary<Type, string> ByType = Entries.ToDictionary(e => e.Type, e => e.Manifest);
    private static readonly Dictionary<string, Type> ByManifest = Entries.ToDictionary(e => e.Manifest, e => e.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> RegisteredTypes => ByType.Keys;

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetType(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);
}
