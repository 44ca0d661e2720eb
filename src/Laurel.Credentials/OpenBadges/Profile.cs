using System.Text.Json;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>An issuer, creator, source or endorser (OB3 §2.3).</summary>
public sealed record Profile
{
    /// <summary>The profile id: an HTTPS URL or a DID.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>Profile</c>; null only for a bare ProfileRef read from a string.</summary>
    public IReadOnlyList<string>? Type { get; init; } = ["Profile"];

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Home page.</summary>
    public string? Url { get; init; }

    /// <summary>Telephone number.</summary>
    public string? Phone { get; init; }

    /// <summary>Short description.</summary>
    public string? Description { get; init; }

    /// <summary>Embedded endorsements.</summary>
    public IReadOnlyList<EndorsementCredential>? Endorsement { get; init; }

    /// <summary>Endorsements as compact JWS.</summary>
    public IReadOnlyList<string>? EndorsementJwt { get; init; }

    /// <summary>Logo.</summary>
    public Image? Image { get; init; }

    /// <summary>Contact e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Postal address.</summary>
    public Address? Address { get; init; }

    /// <summary>Other identifiers, e.g. <c>ext:BRIN</c> institution codes.</summary>
    public IReadOnlyList<IdentifierEntry>? OtherIdentifier { get; init; }

    /// <summary>Name of an authorised official.</summary>
    public string? Official { get; init; }

    /// <summary>Parent organisation.</summary>
    public Profile? ParentOrg { get; init; }

    /// <summary>Given name (person profiles).</summary>
    public string? GivenName { get; init; }

    /// <summary>Family name (person profiles).</summary>
    public string? FamilyName { get; init; }

    /// <summary>Additional name (person profiles).</summary>
    public string? AdditionalName { get; init; }

    /// <summary>Patronymic name (person profiles).</summary>
    public string? PatronymicName { get; init; }

    /// <summary>Honorific prefix.</summary>
    public string? HonorificPrefix { get; init; }

    /// <summary>Honorific suffix.</summary>
    public string? HonorificSuffix { get; init; }

    /// <summary>Family name prefix, e.g. "van der".</summary>
    public string? FamilyNamePrefix { get; init; }

    /// <summary>Date of birth (person profiles).</summary>
    public string? DateOfBirth { get; init; }

    /// <summary>Properties outside the OB 3.0 model (e.g. verificationMethod), kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }

    /// <summary>True when this is only a reference (id without type or other data), serialized as a URI string.</summary>
    [JsonIgnore]
    public bool IsReference => Type is null && Name is null && Url is null && Email is null && Description is null
        && Image is null && Address is null && OtherIdentifier is null && Extensions is null;
}

/// <summary>A postal address (OB3 §2.3).</summary>
public sealed record Address
{
    /// <summary>Contains <c>Address</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Address"];

    /// <summary>Country name.</summary>
    public string? AddressCountry { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code (EU element M3).</summary>
    public string? AddressCountryCode { get; init; }

    /// <summary>Region or province.</summary>
    public string? AddressRegion { get; init; }

    /// <summary>City.</summary>
    public string? AddressLocality { get; init; }

    /// <summary>Street and number.</summary>
    public string? StreetAddress { get; init; }

    /// <summary>P.O. box.</summary>
    public string? PostOfficeBoxNumber { get; init; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; init; }

    /// <summary>Geographic coordinates.</summary>
    public GeoCoordinates? Geo { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>Latitude/longitude of an address.</summary>
public sealed record GeoCoordinates
{
    /// <summary><c>GeoCoordinates</c>.</summary>
    public string Type { get; init; } = "GeoCoordinates";

    /// <summary>Latitude in degrees.</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude in degrees.</summary>
    public double Longitude { get; init; }
}

/// <summary>An additional identifier: <c>{type: "IdentifierEntry", identifier, identifierType}</c>.</summary>
public sealed record IdentifierEntry
{
    /// <summary><c>IdentifierEntry</c>.</summary>
    public string Type { get; init; } = "IdentifierEntry";

    /// <summary>The identifier value.</summary>
    public required string Identifier { get; init; }

    /// <summary>An IdentifierTypeEnum value or <c>ext:</c> extension (OB3-2.10).</summary>
    public required string IdentifierType { get; init; }
}
