using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    AchievementId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecipientIdentity = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    RecipientIdentityType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RecipientSalt = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecipientName = table.Column<string>(type: "text", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Grade = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Narrative = table.Column<string>(type: "text", nullable: true),
                    AwardedByPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "text", nullable: true),
                    SuspendedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SuspensionReason = table.Column<string>(type: "text", nullable: true),
                    CredentialJson = table.Column<string>(type: "text", nullable: false),
                    SigningKeyId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RevocationListId = table.Column<Guid>(type: "uuid", nullable: false),
                    SuspensionListId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatusIndex = table.Column<int>(type: "integer", nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    ShowGrade = table.Column<bool>(type: "boolean", nullable: false),
                    ShowEvidence = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Evidence = table.Column<string>(type: "jsonb", nullable: true)
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
