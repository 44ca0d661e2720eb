namespace Laurel.Tests.Wallets;

/// <summary>Laurel over HTTPS (the vct, DIDs and status lists are https URLs), every wallet part real.</summary>
public sealed class WalletHttpsHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithHttps())
{
    public TestCertificates Certificates => AddOn<HttpsAddOn>().Certificates;
    public string Origin => AddOn<HttpsAddOn>().Origin;
}
