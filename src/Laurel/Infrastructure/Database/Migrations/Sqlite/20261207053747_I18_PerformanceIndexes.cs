using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I18_PerformanceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A learner is found by e-mail address case-insensitively (LearnerLookup, sign-in): expression indexes, which EF's
            // model cannot declare, on both tables the address may be in.
            migrationBuilder.Sql("CREATE INDEX \"IX_Persons_Email_Lower\" ON \"Persons\" (lower(\"Email\"));");
            migrationBuilder.Sql("CREATE INDEX \"IX_LinkedIdentities_Email_Lower\" ON \"LinkedIdentities\" (lower(\"Email\"));");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_InstitutionId_At",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Due",
                table: "OutboxMessages",
                columns: new[] { "CreatedAt", "Id" },
                filter: "\"SentAt\" IS NULL AND \"FailedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Institution_Due",
                table: "OutboxMessages",
                columns: new[] { "InstitutionId", "CreatedAt", "Id" },
                filter: "\"SentAt\" IS NULL AND \"FailedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages",
                columns: new[] { "InstitutionId", "FailedAt" },
                filter: "\"FailedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_Achievement_Issued",
                table: "Awards",
                columns: new[] { "AchievementId", "IssuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_Unclaimed_Identity",
                table: "Awards",
                column: "RecipientIdentity",
                filter: "\"State\" = 'AwaitingClaim' AND \"RecipientPersonId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Institution_Action_At",
                table: "AuditEntries",
                columns: new[] { "InstitutionId", "Action", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Institution_At",
                table: "AuditEntries",
                columns: new[] { "InstitutionId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_CatalogOrder",
                table: "Achievements",
                columns: new[] { "Status", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_CatalogStamp",
                table: "Achievements",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_HueMissing",
                table: "Achievements",
                column: "InstitutionId",
                filter: "\"CardHue\" IS NULL AND \"Status\" = 'Published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_Persons_Email_Lower\";");
            migrationBuilder.Sql("DROP INDEX \"IX_LinkedIdentities_Email_Lower\";");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Due",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Institution_Due",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Awards_Achievement_Issued",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_Unclaimed_Identity",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Institution_Action_At",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Institution_At",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_Achievements_I18P_CatalogOrder",
                table: "Achievements");

            migrationBuilder.DropIndex(
                name: "IX_Achievements_I18P_CatalogStamp",
                table: "Achievements");

            migrationBuilder.DropIndex(
                name: "IX_Achievements_I18P_HueMissing",
                table: "Achievements");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_InstitutionId_At",
                table: "AuditEntries",
                columns: new[] { "InstitutionId", "At" });
        }
    }
}
