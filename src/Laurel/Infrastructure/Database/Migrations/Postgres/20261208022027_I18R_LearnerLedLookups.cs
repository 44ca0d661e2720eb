using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I18R_LearnerLedLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Completions_AchievementId_LearnerKey_CompletedOn",
                table: "Completions");

            migrationBuilder.DropIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Completions_LearnerKey_AchievementId_CompletedOn",
                table: "Completions",
                columns: new[] { "LearnerKey", "AchievementId", "CompletedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards",
                columns: new[] { "RecipientIdentity", "AchievementId" },
                unique: true,
                filter: "\"State\" IN ('Issued', 'Suspended', 'Scheduled', 'AwaitingClaim')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Completions_LearnerKey_AchievementId_CompletedOn",
                table: "Completions");

            migrationBuilder.DropIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Completions_AchievementId_LearnerKey_CompletedOn",
                table: "Completions",
                columns: new[] { "AchievementId", "LearnerKey", "CompletedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards",
                columns: new[] { "AchievementId", "RecipientIdentity" },
                unique: true,
                filter: "\"State\" IN ('Issued', 'Suspended', 'Scheduled', 'AwaitingClaim')");
        }
    }
}
