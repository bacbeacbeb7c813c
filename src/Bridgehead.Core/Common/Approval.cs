namespace Bridgehead.Common;

/// <summary>
/// Where a manager's approval of a record stands: a quote below the margin floor or above the
/// discount ceiling, an offer or agreed term beyond walk-away.
/// </summary>
public enum ApprovalState
{
    /// <summary>Within the limits: nobody needs to approve.</summary>
    NotNeeded,
    Pending,
    Approved,
    Rejected,
}
