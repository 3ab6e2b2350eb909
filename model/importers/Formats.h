#pragma once

#include "model/importers/Importer.h"

// Every format this build reads, one accessor each, defined in the format's own .cpp in this
// folder. Registry.cpp lists them in detection order; nothing else includes this header.
namespace secreview {

const Importer &sarifImporter();
const Importer &banditImporter();
const Importer &trivyImporter();
const Importer &semgrepImporter();
const Importer &gitleaksImporter();
const Importer &grypeImporter();
const Importer &gosecImporter();
const Importer &brakemanImporter();
const Importer &checkovImporter();
const Importer &npmAuditImporter();
const Importer &snykImporter();
const Importer &osvImporter();
const Importer &trufflehogImporter();
const Importer &gitlabImporter();
const Importer &harnessStoImporter();
const Importer &zapImporter();
const Importer &dependencyCheckImporter();
const Importer &cycloneDxImporter();

} // namespace secreview
