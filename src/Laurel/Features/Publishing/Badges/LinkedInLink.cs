using System.Globalization;
using Laurel.Features.Awards;
using Laurel.Features.Institutions;

namespace Laurel.Features.Publishing.Badges;

/// <summary>LinkedIn's "Add to profile" certification link for an award.</summary>
public static class LinkedInLink
{
    public static string For(Award award, string achievementName, Faculty? faculty, Institution? institution, string badgePageUrl)
    {
        var parameters = new List<(string Name, string Value)>
        {
            ("startTask", "CERTIFICATION_NAME"),
            ("name", achievementName),
        };
        // The faculty's own LinkedIn page when it has one, else the institution's; without either LinkedIn shows no organisation.
        if ((faculty?.LinkedInOrganizationId ?? institution?.LinkedInOrganizationId) is { Length: > 0 } organizationId)
            parameters.Add(("organizationId", organizationId));
        parameters.Add(("issueYear", award.IssuedAt.Year.ToString(CultureInfo.InvariantCulture)));
        parameters.Add(("issueMonth", award.IssuedAt.Month.ToString(CultureInfo.InvariantCulture)));
        parameters.Add(("certUrl", badgePageUrl));
        parameters.Add(("certId", award.Id.ToString("D")));
        return "https://www.linkedin.com/profile/add?" + string.Join("&", parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value)));
    }
}
