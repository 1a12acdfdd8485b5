using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EdgeLabel.Storage;

/// <summary>Server-certificate validation that also trusts one extra root (a site's own CA or self-signed server), for
/// one client only: adding the root to the machine store would trust it for everything.</summary>
public static class CustomRootTrust
{
    public static X509Certificate2 LoadPem(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    public static RemoteCertificateValidationCallback Callback(X509Certificate2 trustedRoot) =>
        (_, certificate, chain, errors) => Validate(trustedRoot, certificate, chain, errors);

    private static bool Validate(X509Certificate2 trustedRoot, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // Only an unknown root may be overridden; a host name mismatch or missing certificate stays fatal.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(trustedRoot);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
