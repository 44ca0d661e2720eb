using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I17_PresentationsRecognition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CardHue",
                table: "Achievements",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExemptionApplication",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Motivation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PresentationRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecisionCredential = table.Column<string>(type: "text", nullable: true),
                    DecisionCredentialKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExemptionApplication", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExemptionApplication_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExemptionApplication_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PresentationRequest",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerPersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PurposeNl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PurposeEn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    VerifierName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Criteria = table.Column<string>(type: "text", nullable: false),
                    RequiredFacts = table.Column<string[]>(type: "text[]", nullable: false),
                    AllowMultiple = table.Column<bool>(type: "boolean", nullable: false),
                    Reusable = table.Column<bool>(type: "boolean", nullable: false),
                    RetentionDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PresentationRequest", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PresentationRequest_Persons_OwnerPersonId",
                        column: x => x.OwnerPersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RecognitionCourse",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    FacultyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NameNl = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Programme = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProgrammeCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Ec = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    Rules = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecognitionCourse", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecognitionCourse_Faculties_FacultyId",
                        column: x => x.FacultyId,
                        principalTable: "Faculties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecognitionCourse_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VerifierCertificate",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    CertificateDer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EncryptedPrivateKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VerifierCertificate", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationBadge",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AwardId = table.Column<Guid>(type: "uuid", nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: true),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Presented = table.Column<string>(type: "text", nullable: true),
                    Facts = table.Column<string>(type: "text", nullable: false),
                    Checks = table.Column<string>(type: "text", nullable: false),
                    VerifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationBadge", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationBadge_ExemptionApplication_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ExemptionApplication",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PresentationResponse",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    HolderKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    HolderPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    HolderName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PresentationChecks = table.Column<string>(type: "text", nullable: false),
                    Credentials = table.Column<string>(type: "text", nullable: false),
                    CriteriaResults = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnswerCount = table.Column<int>(type: "integer", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PresentationResponse", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PresentationResponse_PresentationRequest_RequestId",
                        column: x => x.RequestId,
                        principalTable: "PresentationRequest",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PresentationSession",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Nonce = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConsumedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResponseId = table.Column<Guid>(type: "uuid", nullable: true),
                    RefusalCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PresentationSession", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PresentationSession_PresentationRequest_RequestId",
                        column: x => x.RequestId,
                        principalTable: "PresentationRequest",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExemptionItem",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedOutcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProposedBadgeId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProposalReasons = table.Column<string>(type: "text", nullable: false),
                    Decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    GrantedEc = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    DecidedByPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExemptionItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExemptionItem_ExemptionApplication_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ExemptionApplication",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExemptionItem_RecognitionCourse_CourseId",
                        column: x => x.CourseId,
                        principalTable: "RecognitionCourse",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationBadge_ApplicationId",
                table: "ApplicationBadge",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionApplication_DecisionCredentialKey",
                table: "ExemptionApplication",
                column: "DecisionCredentialKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionApplication_InstitutionId_State_SubmittedAt",
                table: "ExemptionApplication",
                columns: new[] { "InstitutionId", "State", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionApplication_PersonId_CreatedAt",
                table: "ExemptionApplication",
                columns: new[] { "PersonId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionItem_ApplicationId_CourseId",
                table: "ExemptionItem",
                columns: new[] { "ApplicationId", "CourseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionItem_CourseId",
                table: "ExemptionItem",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionItem_DecidedAt_Id",
                table: "ExemptionItem",
                columns: new[] { "DecidedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PresentationRequest_InstitutionId_CreatedAt",
                table: "PresentationRequest",
                columns: new[] { "InstitutionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PresentationRequest_OwnerPersonId_CreatedAt",
                table: "PresentationRequest",
                columns: new[] { "OwnerPersonId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PresentationResponse_ExpiresAt",
                table: "PresentationResponse",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PresentationResponse_RequestId_HolderKey",
                table: "PresentationResponse",
                columns: new[] { "RequestId", "HolderKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PresentationResponse_RequestId_UpdatedAt",
                table: "PresentationResponse",
                columns: new[] { "RequestId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PresentationSession_ExpiresAt",
                table: "PresentationSession",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PresentationSession_Nonce",
                table: "PresentationSession",
                column: "Nonce",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PresentationSession_RequestId",
                table: "PresentationSession",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionCourse_FacultyId",
                table: "RecognitionCourse",
                column: "FacultyId");

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionCourse_InstitutionId_Code",
                table: "RecognitionCourse",
                columns: new[] { "InstitutionId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VerifierCertificate_Host",
                table: "VerifierCertificate",
                column: "Host",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationBadge");

            migrationBuilder.DropTable(
                name: "ExemptionItem");

            migrationBuilder.DropTable(
                name: "PresentationResponse");

            migrationBuilder.DropTable(
                name: "PresentationSession");

            migrationBuilder.DropTable(
                name: "VerifierCertificate");

            migrationBuilder.DropTable(
                name: "ExemptionApplication");

            migrationBuilder.DropTable(
                name: "RecognitionCourse");

            migrationBuilder.DropTable(
                name: "PresentationRequest");

            migrationBuilder.DropColumn(
                name: "CardHue",
                table: "Achievements");
        }
    }
}
