namespace Laurel.Credentials.Canonicalization;

/// <summary>RDFC-1.0 §4.5 identifier issuer for temporary labels (<c>b0</c>, <c>b1</c>, ...) over blank node indexes.</summary>
internal sealed class IdentifierIssuer
{
    private readonly Dictionary<int, int> _issued;
    private readonly List<int> _order;

    public IdentifierIssuer()
    {
        _issued = [];
        _order = [];
    }

    private IdentifierIssuer(IdentifierIssuer other)
    {
        _issued = new Dictionary<int, int>(other._issued);
        _order = [.. other._order];
    }

    /// <summary>Blank node indexes in the order their identifiers were issued.</summary>
    public IReadOnlyList<int> IssueOrder => _order;

    public bool TryGet(int node, out int number) => _issued.TryGetValue(node, out number);

    /// <summary>Returns the existing number for the node or issues the next one.</summary>
    public int Issue(int node)
    {
        if (_issued.TryGetValue(node, out var number)) return number;
        number = _order.Count;
        _issued.Add(node, number);
        _order.Add(node);
        return number;
    }

    public IdentifierIssuer Clone() => new(this);
}
