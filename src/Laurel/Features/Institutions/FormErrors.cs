using Laurel.Infrastructure.Web;

namespace Laurel.Features.Institutions;

/// <summary>
/// The problems of a staff form that shows one message per field: the first one found, the one the user can act on. Everything
/// else (the summary, the field helpers) is <see cref="Problems"/>; this name stays only until the forms use Problems directly.
/// </summary>
public sealed class FormErrors() : Problems(firstPerField: true);
