namespace Laurel.Features.Identity;

/// <summary>Who signs in through a provider: learners (eduID) or staff (institution SSO such as SURFconext).</summary>
public enum ProviderKind { Learner, Staff }

/// <summary>One OpenID Connect provider from <c>Laurel:Identity:Providers:&lt;name&gt;</c>.</summary>
public sealed class IdentityProviderOptions
{
    /// <summary>Configuration key, e.g. <c>eduid</c>; also the LinkedIdentity.Provider value.</summary>
    public string Name { get; set; } = "";
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public List<string> Scopes { get; set; } = [];
    public ProviderKind Kind { get; set; } = ProviderKind.Learner;
    public Dictionary<string, string> DisplayName { get; set; } = [];
    /// <summary>False only for tests and local providers on plain http (loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>Also ask the userinfo endpoint for claims (eduID and SURFconext put most claims there).</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; } = true;
    /// <summary>Trust the provider's e-mail addresses as verified even without an email_verified claim (institution SSO).</summary>
    public bool EmailsAreVerified { get; set; }
    public ProviderClaimNames Claims { get; set; } = new();

    public string Scheme => SchemePrefix + Name;
    public string CallbackPath => "/signin-oidc-" + Name;

    public const string SchemePrefix = "oidc-";

    public string Label(string language) =>
        DisplayName.TryGetValue(language, out var label) || DisplayName.TryGetValue("en", out label) ? label : Name;
}

/// <summary>Claim names a provider uses; the defaults are eduID's and SURFconext's.</summary>
public sealed class ProviderClaimNames
{
    public string Subject { get; set; } = "sub";
    public string Name { get; set; } = "name";
    public string GivenName { get; set; } = "given_name";
    public string FamilyName { get; set; } = "family_name";
    public string Email { get; set; } = "email";
    public string EmailVerified { get; set; } = "email_verified";
    public string Eppn { get; set; } = "eduperson_principal_name";
    public string HomeOrganisation { get; set; } = "schac_home_organization";
    public string Affiliation { get; set; } = "eduperson_affiliation";
    /// <summary>A claim that is present (and not "false") only when the provider validated the person's name.</summary>
    public string? NameVerified { get; set; }
    /// <summary>eduID's linked institution accounts: a JSON array of objects with the eduPerson claim names above.</summary>
    public string LinkedAccounts { get; set; } = "eduid_linked_institutions";
}

/// <summary>All configured providers, in configuration order.</summary>
public sealed class IdentityProviders(IReadOnlyList<IdentityProviderOptions> all)
{
    public IReadOnlyList<IdentityProviderOptions> All { get; } = all;

    public IdentityProviderOptions? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IdentityProviders FromConfiguration(IConfiguration configuration)
    {
        var providers = new List<IdentityProviderOptions>();
        foreach (var section in configuration.GetSection("Laurel:Identity:Providers").GetChildren())
        {
            var options = new IdentityProviderOptions();
            section.Bind(options);
            options.Name = section.Key.ToLowerInvariant();
            if (string.IsNullOrWhiteSpace(options.Authority) || string.IsNullOrWhiteSpace(options.ClientId))
                throw new InvalidOperationException($"Identity provider '{section.Key}' needs Authority and ClientId.");
            providers.Add(options);
        }
        return new IdentityProviders(providers);
    }
}
