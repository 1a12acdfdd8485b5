using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace EdgeLabel.GroundTruth.Signing;

/// <summary>An incoming HTTP request as the verifier needs it: the raw (still percent-encoded) path and query, every
/// header as received (repeats allowed) and the body bytes.</summary>
public sealed record IncomingRequest(string Method, string Path, string? Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);

/// <summary>Why a request's signature was refused.</summary>
public enum SigV4Failure
{
    None,
    /// <summary>No Authorization header.</summary>
    MissingAuthorization,
    /// <summary>An Authorization header that is not AWS4-HMAC-SHA256 with Credential, SignedHeaders and Signature.</summary>
    MalformedAuthorization,
    /// <summary>host or x-amz-date not signed, or a header named in SignedHeaders absent from the request.</summary>
    MissingSignedHeader,
    /// <summary>The credential scope's date, region or service does not fit the request or this service.</summary>
    ScopeMismatch,
    /// <summary>No secret is known for the access key id.</summary>
    UnknownAccessKey,
    /// <summary>x-amz-date missing, unparsable, or further than the allowed skew from the clock.</summary>
    RequestExpired,
    /// <summary>x-amz-content-sha256 differs from the SHA-256 of the body.</summary>
    BodyHashMismatch,
    /// <summary>The signature computed with the key's secret differs from the one sent.</summary>
    SignatureMismatch,
}

/// <summary>The outcome of verifying one request: the caller's access key when valid, else the failure and a reason
/// that is safe to return to the caller (it never contains a secret or the expected signature).</summary>
public sealed record SigV4Verification(SigV4Failure Failure, string? AccessKeyId, string Reason)
{
    public bool IsValid => Failure == SigV4Failure.None;

    /// <summary>The error code AWS answers with for this failure (the <c>__type</c> of a JSON-protocol error).</summary>
    public string AwsErrorCode => Failure switch
    {
        SigV4Failure.None => "",
        SigV4Failure.MissingAuthorization => "MissingAuthenticationTokenException",
        SigV4Failure.MalformedAuthorization or SigV4Failure.MissingSignedHeader => "IncompleteSignatureException",
        SigV4Failure.UnknownAccessKey => "UnrecognizedClientException",
        _ => "InvalidSignatureException",
    };

    internal static SigV4Verification Ok(string accessKeyId) => new(SigV4Failure.None, accessKeyId, "");
    internal static SigV4Verification Fail(SigV4Failure failure, string reason, string? accessKeyId = null) =>
        new(failure, accessKeyId, reason);
}

/// <summary>Settings of a <see cref="SigV4Verifier"/>.</summary>
public sealed record SigV4VerifierOptions
{
    /// <summary>The clock x-amz-date is compared with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>How far x-amz-date may be from the clock either way (AWS allows 15 minutes).</summary>
    public TimeSpan AllowedSkew { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>The service name the credential scope must carry; null accepts any.</summary>
    public string? Service { get; init; } = "sagemaker";
    /// <summary>The region the credential scope must carry; null accepts any.</summary>
    public string? Region { get; init; }
}

/// <summary>The server side of SigV4 for the embedded service: rebuilds the canonical request from what arrived and
/// recomputes the signature with the caller's secret (AWSSDK.Core's static <c>AWS4Signer.ComputeSignature</c>), then
/// compares in constant time.</summary>
public sealed class SigV4Verifier(Func<string, string?> secretKeyFor, SigV4VerifierOptions? options = null)
{
    private readonly SigV4VerifierOptions _options = options ?? new SigV4VerifierOptions();

    public SigV4Verification Verify(IncomingRequest request)
    {
        var headers = SigV4Canonical.Headers(request.Headers);
        string? Header(string name) => headers.FirstOrDefault(h => h.Key == name).Value;

        var authorization = Header("authorization");
        if (string.IsNullOrEmpty(authorization))
            return SigV4Verification.Fail(SigV4Failure.MissingAuthorization, "Request is missing Authentication Token");
        if (!TryParseAuthorization(authorization, out var auth, out var problem))
            return SigV4Verification.Fail(SigV4Failure.MalformedAuthorization, problem);

        var signedNames = auth.SignedHeaders.Split(';');
        foreach (var required in (string[])["host", "x-amz-date"])
            if (!signedNames.Contains(required, StringComparer.Ordinal))
                return SigV4Verification.Fail(SigV4Failure.MissingSignedHeader, $"'{required}' must be a signed header", auth.AccessKeyId);
        if (!signedNames.SequenceEqual(signedNames.Order(StringComparer.Ordinal)) || signedNames.Distinct().Count() != signedNames.Length)
            return SigV4Verification.Fail(SigV4Failure.MalformedAuthorization, "SignedHeaders must be sorted, lower-case and unique", auth.AccessKeyId);
        var signedHeaders = new List<KeyValuePair<string, string>>(signedNames.Length);
        foreach (var name in signedNames)
        {
            var value = Header(name);
            if (value is null)
                return SigV4Verification.Fail(SigV4Failure.MissingSignedHeader, $"signed header '{name}' is not in the request", auth.AccessKeyId);
            signedHeaders.Add(new(name, value));
        }

        if (!SigV4Canonical.TryParseDate(Header("x-amz-date"), out var signedAt))
            return SigV4Verification.Fail(SigV4Failure.RequestExpired, "x-amz-date is missing or not yyyyMMddTHHmmssZ", auth.AccessKeyId);
        var now = _options.Clock.GetUtcNow().UtcDateTime;
        if ((signedAt - now).Duration() > _options.AllowedSkew)
            return SigV4Verification.Fail(SigV4Failure.RequestExpired,
                $"Signature expired: {SigV4Canonical.FormatDate(signedAt)} is not within {_options.AllowedSkew.TotalMinutes:0} minutes of {SigV4Canonical.FormatDate(now)}",
                auth.AccessKeyId);
        if (auth.Date != signedAt.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            return SigV4Verification.Fail(SigV4Failure.ScopeMismatch, $"credential scope date {auth.Date} is not the date of x-amz-date", auth.AccessKeyId);
        if (_options.Service is { } service && auth.Service != service)
            return SigV4Verification.Fail(SigV4Failure.ScopeMismatch, $"credential scope service '{auth.Service}' is not '{service}'", auth.AccessKeyId);
        if (_options.Region is { } region && auth.Region != region)
            return SigV4Verification.Fail(SigV4Failure.ScopeMismatch, $"credential scope region '{auth.Region}' is not '{region}'", auth.AccessKeyId);

        var secret = secretKeyFor(auth.AccessKeyId);
        if (secret is null)
            return SigV4Verification.Fail(SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid", auth.AccessKeyId);

        // The payload hash is always the body's own: a header claiming another hash is refused, never trusted.
        var bodyHash = SigV4Canonical.HexSha256(request.Body.Span);
        var claimed = Header("x-amz-content-sha256");
        if (claimed is not null && !string.Equals(claimed, bodyHash, StringComparison.OrdinalIgnoreCase))
            return SigV4Verification.Fail(SigV4Failure.BodyHashMismatch, "x-amz-content-sha256 does not match the request body", auth.AccessKeyId);

        var canonical = SigV4Canonical.Request(request.Method, SigV4Canonical.Path(request.Path),
            SigV4Canonical.Query(request.Query), signedHeaders, bodyHash);
        var expected = AWS4Signer.ComputeSignature(auth.AccessKeyId, secret, auth.Region, signedAt, auth.Service,
            auth.SignedHeaders, canonical).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature.ToLowerInvariant())))
            return SigV4Verification.Fail(SigV4Failure.SignatureMismatch,
                "The request signature we calculated does not match the signature you provided", auth.AccessKeyId);
        return SigV4Verification.Ok(auth.AccessKeyId);
    }

    private sealed record ParsedAuthorization(string AccessKeyId, string Date, string Region, string Service,
        string SignedHeaders, string Signature);

    private static bool TryParseAuthorization(string header, out ParsedAuthorization parsed, out string problem)
    {
        parsed = null!;
        var space = header.IndexOf(' ');
        if (space < 0 || header[..space] != SigV4Canonical.Algorithm)
        {
            problem = $"Authorization must use {SigV4Canonical.Algorithm}";
            return false;
        }
        var parts = header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) ||
            !parts.TryGetValue("Signature", out var signature) || signedHeaders.Length == 0 || signature.Length != 64)
        {
            problem = "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'";
            return false;
        }
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope.Any(string.IsNullOrEmpty) || scope[4] != SigV4Canonical.ScopeTerminator)
        {
            problem = "Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request";
            return false;
        }
        parsed = new ParsedAuthorization(scope[0], scope[1], scope[2], scope[3], signedHeaders, signature);
        problem = "";
        return true;
    }
}
