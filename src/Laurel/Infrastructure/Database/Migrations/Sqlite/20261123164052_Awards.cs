using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Awards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Awards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AchievementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecipientIdentity = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RecipientIdentityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecipientSalt = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Narrative = table.Column<string>(type: "TEXT", nullable: true),
                    AwardedByPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", nullable: true),
                    SuspendedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SuspensionReason = table.Column<string>(type: "TEXT", nullable: true),
                    CredentialJson = table.Column<string>(type: "TEXT", nullable: false),
                    SigningKeyId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RevocationListId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SuspensionListId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatusIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    ShowGrade = table.Column<bool>(type: "INTEGER", nullable: false),
                    ShowEvidence = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Awards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Awards_Achievements_AchievementId",
                        column: x => x.AchievementId,
                        principalTable: "Achievements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_AchievementId_RecipientIdentity",
                table: "Awards",
                columns: new[] { "AchievementId", "RecipientIdentity" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_InstitutionId_State",
                table: "Awards",
                columns: new[] { "InstitutionId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_RecipientPersonId",
                table: "Awards",
                column: "RecipientPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_RevocationListId_StatusIndex",
                table: "Awards",
                columns: new[] { "RevocationListId", "StatusIndex" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Awards");
        }
    }
}
