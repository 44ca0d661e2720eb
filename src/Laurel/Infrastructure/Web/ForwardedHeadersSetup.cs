using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Behind a TLS-terminating proxy (issue 12, finding 6): <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are believed
/// only from the proxies in <c>Laurel:ForwardedHeaders:KnownProxies</c> (addresses) and <c>KnownNetworks</c> (CIDR ranges),
/// comma-separated or as a list; without either, only loopback is trusted (a proxy on the same machine). The request then has the
/// client's scheme and address, so cookies get <c>Secure</c>, HSTS is sent and rate limits count the real client.
/// <c>X-Forwarded-Host</c> is never used: links are built from <c>Laurel:PublicBaseUrl</c>.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "Laurel:ForwardedHeaders";

    public static IServiceCollection AddLaurelForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = List(configuration.GetSection($"{Section}:KnownProxies")).Select(p => IPAddress.TryParse(p, out var address) ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = List(configuration.GetSection($"{Section}:KnownNetworks")).Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a CIDR range such as 10.0.0.0/8.")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Count + networks.Count == 0) return; // the framework's default: loopback only
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        return services;
    }

    private static IEnumerable<string> List(IConfigurationSection section) => ConfigurationList.Read(section);
}
