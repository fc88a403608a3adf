"""Stand-in for package_metadata's provider: declared, never filled."""

PackageMetadataInfo = provider(
    doc = "Offline stand-in for the package_metadata module's provider.",
    fields = ["metadata", "files_to_ship"],
)
