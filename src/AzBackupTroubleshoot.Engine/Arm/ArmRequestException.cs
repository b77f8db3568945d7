using System;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>An ARM call that failed after retries: the HTTP status and the ARM error envelope's code.</summary>
    public sealed class ArmRequestException : Exception
    {
        public ArmRequestException(int status, string? errorCode, string message, string? resourceId, string? clientRequestId, Exception? inner = null)
            : base(message, inner)
        {
            Status = status;
            ErrorCode = errorCode;
            ResourceId = resourceId;
            ClientRequestId = clientRequestId;
        }

        /// <summary>0 when no response arrived (connection dropped, timed out).</summary>
        public int Status { get; }
        public string? ErrorCode { get; }
        public string? ResourceId { get; }
        public string? ClientRequestId { get; }

        public bool IsNotFound => Status == 404;
        public bool IsForbidden => Status == 403;
        public bool IsUnauthorized => Status == 401;
    }
}
