"""trampesti:withdraw — remove a participant who withdrew from an anonymised fix layer."""
from __future__ import annotations

import os

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core import privacy
from .base import TrampestiAlgorithm

BATCH = 20000


def parse_devices(text: str):
    """Comma- or newline-separated raw keys (serials may hold spaces, so spaces do not split)."""
    return [k.strip() for k in (text or "").replace("\n", ",").split(",") if k.strip()]


class Withdraw(TrampestiAlgorithm):
    """Drop every fix of the participants whose device keys are given, using the withdrawal key."""

    ALGORITHM_ID = "withdraw"
    DISPLAY_NAME = "Withdraw a participant"
    GROUP = "2 Privacy"
    GROUP_ID = "privacy"
    TAGS = "privacy,withdrawal,gdpr,erase,pseudonym,consent"
    HELP = (
        "A participant who withdraws consent is removed from an anonymised fix layer: give the "
        "withdrawal key written by 'Anonymise fixes' (KEY_FILE, kept apart from the round's data) "
        "and the device serial(s) or raw key(s) of the participant, as written on the logger "
        "(DEVICES, comma-separated). The key turns them into pseudonyms; every fix of those "
        "pseudonyms is left out of OUTPUT. The log says how many fixes were removed, never the key.\n\n"
        "Aggregates built from the fixes (density, hotspots, sites) still contain the participant: "
        "re-run Kernel density of presence and Hotspot polygons (or the whole round) on OUTPUT, and "
        "delete the old outputs. Raw tracker files of the participant must be deleted by hand.\n\n"
        "Note: QGIS keeps the parameters of each run in its Processing history; clear the history "
        "entry if the device serial must not stay on this computer."
    )

    INPUT = "INPUT"
    KEY_FILE = "KEY_FILE"
    DEVICES = "DEVICES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Anonymised fixes"), [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("The output of Anonymise fixes (participant = pseudonym).")))
        self.addParameter(self.with_help(QgsProcessingParameterFile(
            self.KEY_FILE, self.tr("Withdrawal key"), extension="json"),
            self.tr("The key file (JSON) written by Anonymise fixes for this round.")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.DEVICES, self.tr("Devices to withdraw (serials or raw keys)"), multiLine=False),
            self.tr("Comma-separated raw keys as found in the tracker files, e.g. a device serial.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Fixes without the withdrawn participants"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("The same layer without any fix of the withdrawn participants.")))
        self.addOutput(QgsProcessingOutputNumber("WITHDRAWN_FIXES", self.tr("Fixes removed")))
        self.addOutput(QgsProcessingOutputNumber("WITHDRAWN_PARTICIPANTS", self.tr("Participants withdrawn")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        key_path = self.parameterAsFile(parameters, self.KEY_FILE, context)
        if not key_path or not os.path.isfile(key_path):
            raise QgsProcessingException(self.tr("The withdrawal key file does not exist"))
        with open(key_path, encoding="utf-8") as fh:
            mapping = self.run_core(privacy.read_withdrawal_key, fh.read())
        devices = parse_devices(self.parameterAsString(parameters, self.DEVICES, context))
        if not devices:
            raise QgsProcessingException(self.tr("Give at least one device serial or raw key to withdraw"))
        unknown = [d for d in devices if d not in mapping]
        if unknown:
            # never echo the key itself: the log may be shared
            raise QgsProcessingException(self.tr(
                "{n} of the {m} keys given are not in this withdrawal key (check the spelling, or the round)"
            ).format(n=len(unknown), m=len(devices)))
        drop = set(privacy.pseudonyms_for_keys(mapping, devices))
        names = [f.name() for f in source.fields()]
        if "participant" not in names:
            raise QgsProcessingException(self.tr("The input has no 'participant' field"))
        ip = names.index("participant")
        (sink, dest_id) = self.parameterAsSink(parameters, self.OUTPUT, context, source.fields(),
                                                source.wkbType(), source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        total = max(1, source.featureCount())
        removed = kept = 0
        batch = []
        for i, feat in enumerate(source.getFeatures(QgsFeatureRequest())):
            if feedback.isCanceled():
                break
            if str(feat.attributes()[ip]) in drop:
                removed += 1
                continue
            batch.append(feat)
            if len(batch) >= BATCH:
                sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
                kept += len(batch)
                batch = []
                feedback.setProgress(100.0 * i / total)
        if batch:
            sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
            kept += len(batch)
        feedback.pushInfo(self.tr(
            "{p} participant(s) withdrawn: {n} fixes removed, {k} kept. Re-run density and hotspots on the "
            "output to update the aggregates.").format(p=len(drop), n=removed, k=kept))
        if removed == 0:
            feedback.pushWarning(self.tr("No fix of the withdrawn participant(s) was in the input layer"))
        return {self.OUTPUT: dest_id, "WITHDRAWN_FIXES": removed, "WITHDRAWN_PARTICIPANTS": len(drop)}
