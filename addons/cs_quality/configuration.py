# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.pool import PoolMeta
from trytond.pyson import Eval

# the evidence an appraisal weighs (appraisal.MEASURES)
MEASURES = ['inspection', 'rating', 'complaint', 'sla', 'revisit', 'exam']


def percent(name):
    "The domain of a field of 0 to 100"
    return [(name, '>=', 0), (name, '<=', 100)]


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    inspection_sequence = fields.MultiValue(sequence_field(
            "Inspection Sequence", 'cs_quality', 'sequence_type_inspection'))

    @classmethod
    def default_inspection_sequence(cls, **pattern):
        return default_sequence('cs_quality', 'sequence_inspection')


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    inspection_sequence = sequence_field(
        "Inspection Sequence", 'cs_quality', 'sequence_type_inspection',
        Eval('company', -1))

    @classmethod
    def default_inspection_sequence(cls):
        return default_sequence('cs_quality', 'sequence_inspection')


class ConfigurationAppraisal(metaclass=PoolMeta):
    "The weights of the appraisal's measures and the grades' thresholds"
    __name__ = 'cs.configuration'

    appraisal_weight_inspection = fields.Integer(
        "Weight of Inspections", required=True,
        domain=percent('appraisal_weight_inspection'))
    appraisal_weight_rating = fields.Integer(
        "Weight of Satisfaction Ratings", required=True,
        domain=percent('appraisal_weight_rating'))
    appraisal_weight_complaint = fields.Integer(
        "Weight of Complaints", required=True,
        domain=percent('appraisal_weight_complaint'))
    appraisal_weight_sla = fields.Integer(
        "Weight of Deadlines Met", required=True,
        domain=percent('appraisal_weight_sla'))
    appraisal_weight_revisit = fields.Integer(
        "Weight of Revisits on Time", required=True,
        domain=percent('appraisal_weight_revisit'))
    appraisal_weight_exam = fields.Integer(
        "Weight of Exams", required=True,
        domain=percent('appraisal_weight_exam'))
    appraisal_excellent = fields.Integer(
        "Excellent From", required=True,
        domain=percent('appraisal_excellent'))
    appraisal_good = fields.Integer(
        "Good From", required=True,
        domain=percent('appraisal_good'))
    appraisal_satisfactory = fields.Integer(
        "Satisfactory From", required=True,
        domain=percent('appraisal_satisfactory'),
        help="Below it, the employee needs coaching.")

    @classmethod
    def default_appraisal_weight_inspection(cls):
        return 30

    @classmethod
    def default_appraisal_weight_rating(cls):
        return 25

    @classmethod
    def default_appraisal_weight_complaint(cls):
        return 20

    @classmethod
    def default_appraisal_weight_sla(cls):
        return 15

    @classmethod
    def default_appraisal_weight_revisit(cls):
        return 10

    @classmethod
    def default_appraisal_weight_exam(cls):
        return 10

    @classmethod
    def default_appraisal_excellent(cls):
        return 90

    @classmethod
    def default_appraisal_good(cls):
        return 80

    @classmethod
    def default_appraisal_satisfactory(cls):
        return 60

    def appraisal_weights(self):
        "{measure: weight}"
        return {m: getattr(self, f'appraisal_weight_{m}') or 0
            for m in MEASURES}

    def appraisal_thresholds(self):
        "[(grade, least score)], best first"
        return [
            ('excellent', self.appraisal_excellent),
            ('good', self.appraisal_good),
            ('satisfactory', self.appraisal_satisfactory),
            ('needs_coaching', 0),
            ]
