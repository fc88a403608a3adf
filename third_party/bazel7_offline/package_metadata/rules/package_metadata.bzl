"""Stand-in for package_metadata's rule, which Gazelle's go_repository BUILD files load."""

load("//providers:package_metadata_info.bzl", "PackageMetadataInfo")

def _package_metadata_impl(_ctx):
    return [PackageMetadataInfo(metadata = None, files_to_ship = depset())]

_package_metadata = rule(
    implementation = _package_metadata_impl,
    doc = "Offline stand-in: records nothing.",
    attrs = {
        "purl": attr.string(doc = "Package URL (ignored)."),
        "attributes": attr.label_list(doc = "Ignored."),
    },
)

def package_metadata(name, purl = "", attributes = [], **kwargs):
    """Declares the stand-in; it is the package's default metadata, so it has none itself.

    Args:
      name: target name.
      purl: package URL (ignored).
      attributes: ignored.
      **kwargs: visibility, tags.
    """
    _package_metadata(name = name, purl = purl, attributes = attributes, applicable_licenses = [], **kwargs)
