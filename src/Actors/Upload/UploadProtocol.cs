using EdgeLabel.Actors.Outbox;

namespace EdgeLabel.Actors.Upload;

/// <summary>One item handed from the outbox to the upload stream.</summary>
public sealed record UploadJob(OutboxItem Item, int Attempt);

/// <summary>What the upload stream reports back to the outbox for each job.</summary>
public abstract record UploadResult(UploadJob Job);

public sealed record UploadSucceeded(UploadJob Job, string ObjectUri, string ETag, long Bytes) : UploadResult(Job);

/// <summary>Retry later (timeouts, refused connections, 5xx, throttling, integrity mismatch).</summary>
public sealed record UploadFailedTransiently(UploadJob Job, string Error) : UploadResult(Job);

/// <summary>The store refuses every upload (bad credentials, missing bucket): pause the whole outbox.</summary>
public sealed record UploadRefusedByStore(UploadJob Job, string Code, string Error) : UploadResult(Job);

/// <summary>This item can never be uploaded (its bytes are gone, its key is invalid): record it and move on.</summary>
public sealed record UploadImpossible(UploadJob Job, string Reason) : UploadResult(Job);
